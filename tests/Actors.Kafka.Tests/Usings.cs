global using System.Buffers;
global using System.Buffers.Binary;
global using System.Text;
global using Actors.Kafka.Messages;
global using Actors.Kafka.Protocol;
global using Actors.Testing;
global using Akka.Actor;
global using Akka.TestKit.Xunit2;
