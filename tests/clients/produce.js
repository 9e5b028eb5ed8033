// kafkajs producer for the Kafka edge's process specs:
//   node produce.js BROKER TOPIC COUNT [--partitions N] [--idempotent] [--first I] [--keys K]
// Creates TOPIC with N partitions when --partitions is given, then sends COUNT keyed messages (key k<i % K>,
// value v<i>, header n=<i>) with acks=-1, 50 per send(), and prints "acked <count>" once every send resolved.
// --idempotent makes an idempotent producer (kafkajs requires maxInFlightRequests 1 and acks -1 for it).
'use strict';
const { Kafka, Partitioners, logLevel } = require('kafkajs');

const [broker, topic, countText, ...rest] = process.argv.slice(2);
const option = (name, fallback) => {
  const at = rest.indexOf(name);
  return at >= 0 ? rest[at + 1] : fallback;
};
const count = Number(countText);
const first = Number(option('--first', '0'));
const keys = Number(option('--keys', '7'));
const partitions = option('--partitions', undefined);
const idempotent = rest.includes('--idempotent');

async function main() {
  const kafka = new Kafka({ clientId: 'kafkajs-producer', brokers: [broker], logLevel: logLevel.WARN });
  if (partitions !== undefined) {
    const admin = kafka.admin();
    await admin.connect();
    const created = await admin.createTopics({ topics: [{ topic, numPartitions: Number(partitions), replicationFactor: 1 }], waitForLeaders: true });
    console.log(`created ${topic}: ${created}`);
    await admin.disconnect();
  }
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, ...(idempotent ? { idempotent: true, maxInFlightRequests: 1 } : {}) });
  await producer.connect();
  let acked = 0;
  for (let start = first; start < first + count; start += 50) {
    const messages = [];
    for (let i = start; i < Math.min(start + 50, first + count); i++) {
      messages.push({ key: `k${i % keys}`, value: `v${i}`, headers: { n: String(i) } });
    }
    const results = await producer.send({ topic, acks: -1, messages });
    if (results.some(r => r.errorCode !== 0)) throw new Error(`produce error: ${JSON.stringify(results)}`);
    acked += messages.length;
  }
  await producer.disconnect();
  console.log(`acked ${acked}`);
}

main().catch(error => {
  console.error(`error: ${error.stack || error}`);
  process.exit(1);
});
