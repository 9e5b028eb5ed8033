global using Actors.Streams.Stages;
global using Actors.Testing;
global using Akka;
global using Akka.Actor;
global using Akka.Configuration;
global using Akka.Streams;
global using Akka.Streams.Dsl;
global using Akka.TestKit.Xunit2;
