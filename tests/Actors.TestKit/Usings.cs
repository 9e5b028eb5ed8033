global using System.Diagnostics;
global using Akka.Actor;
global using Akka.Configuration;
global using Xunit.Abstractions;
