global using Akka.Actor;
global using Akka.Configuration;
global using Akka.Event;
global using Codec = Actors.Serialization.Codec<Actors.Serialization.ActorsSerializer>;
