global using Akka.Configuration;
