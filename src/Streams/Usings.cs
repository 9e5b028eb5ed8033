global using Akka;
global using Akka.Actor;
global using Akka.Configuration;
global using Akka.Streams;
global using Akka.Streams.Dsl;
global using StreamsCodec = Actors.Serialization.Codec<Actors.Streams.Serialization.StreamsSerializer>;
