global using System.Diagnostics;
global using System.Globalization;
