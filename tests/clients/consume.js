// kafkajs group consumer for the Kafka edge's process specs:
//   node consume.js BROKER TOPIC GROUP NAME
// Joins GROUP (session 10 s, heartbeats every 500 ms), reads TOPIC from the beginning and prints one line per
// event until it is killed or its standard input closes (then it leaves the group cleanly):
//   assigned <name> <partitions, comma separated>     after each join (rebalance)
//   message <partition> <offset> <key> <value>          per message, offsets committed as it goes
'use strict';
const { Kafka, logLevel } = require('kafkajs');

const [broker, topic, group, name] = process.argv.slice(2);

async function main() {
  const kafka = new Kafka({ clientId: name, brokers: [broker], logLevel: logLevel.WARN, retry: { retries: 10 } });
  const consumer = kafka.consumer({ groupId: group, sessionTimeout: 10000, heartbeatInterval: 500, rebalanceTimeout: 20000, maxWaitTimeInMs: 500 });
  consumer.on(consumer.events.GROUP_JOIN, event => {
    const assigned = (event.payload.memberAssignment[topic] || []).slice().sort((a, b) => a - b);
    console.log(`assigned ${name} ${assigned.join(',')}`);
  });
  consumer.on(consumer.events.CRASH, event => {
    console.error(`crash: ${event.payload.error}`);
    // kafkajs restarts after a retriable crash; after any other the consumer is dead: say so with the exit code.
    if (!event.payload.restart) process.exit(1);
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    autoCommitInterval: 200,
    eachMessage: async ({ partition, message }) => {
      console.log(`message ${partition} ${message.offset} ${message.key} ${message.value}`);
    },
  });
  const stop = async () => {
    await consumer.disconnect();
    console.log(`left ${name}`);
    process.exit(0);
  };
  process.stdin.on('end', stop);
  process.stdin.resume();
}

main().catch(error => {
  console.error(`error: ${error.stack || error}`);
  process.exit(1);
});
