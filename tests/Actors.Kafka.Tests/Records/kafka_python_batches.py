#!/usr/bin/python3
# Record batch v2 golden vectors from an independent encoder: kafka-python 2.0.2's DefaultRecordBatchBuilder
# (Debian's python3-kafka, with python3-snappy, python3-lz4 and python3-zstandard for the codecs). One
# "codec hex" line per compression type, the same three records each; the CRC-32C of each batch is checked
# here against a bit-by-bit CRC-32C straight from its definition (reflected polynomial 0x82F63B78).
# Regenerate: /usr/bin/python3 kafka_python_batches.py > kafka-python-batches.txt
import struct
from kafka.record.default_records import DefaultRecordBatchBuilder

def crc32c(data):
    crc = 0xFFFFFFFF
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF

assert crc32c(b"123456789") == 0xE3069283
for codec, name in [(0, "none"), (1, "gzip"), (2, "snappy"), (3, "lz4"), (4, "zstd")]:
    builder = DefaultRecordBatchBuilder(2, codec, 0, 7, 1, 42, 1 << 20)
    builder.append(0, 1700000000000, b"k1", b"v1", [("h", b"x")])
    builder.append(1, 1700000000005, None, b"value-2" * 20, [])
    builder.append(2, 1700000000001, b"k3", None, [("a", None)])
    batch = bytes(builder.build())
    assert struct.unpack(">I", batch[17:21])[0] == crc32c(batch[21:]), name
    print(name, batch.hex())
