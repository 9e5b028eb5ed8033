global using Akka.Actor;
global using Akka.Configuration;
global using Akka.TestKit.Xunit2;
