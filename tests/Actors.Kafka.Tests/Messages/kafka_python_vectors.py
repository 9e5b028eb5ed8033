#!/usr/bin/python3
# Golden vectors from an independent implementation: kafka-python 2.0.2's protocol structs (Debian's
# python3-kafka) encode the same messages KafkaPythonVectorSpecs builds, one "name hex" line each.
# Regenerate: /usr/bin/python3 kafka_python_vectors.py > kafka-python-vectors.txt
from kafka.protocol.admin import (ApiVersionResponse, CreateTopicsRequest, CreateTopicsResponse,
    DeleteTopicsRequest, DeleteTopicsResponse, DescribeConfigsRequest, DescribeConfigsResponse,
    DescribeGroupsRequest, DescribeGroupsResponse, ListGroupsResponse)
from kafka.protocol.commit import (GroupCoordinatorRequest, GroupCoordinatorResponse, OffsetCommitRequest,
    OffsetCommitResponse, OffsetFetchRequest, OffsetFetchResponse)
from kafka.protocol.fetch import FetchRequest, FetchResponse
from kafka.protocol.group import (HeartbeatRequest, HeartbeatResponse, JoinGroupRequest, JoinGroupResponse,
    LeaveGroupRequest, LeaveGroupResponse, SyncGroupRequest, SyncGroupResponse)
from kafka.protocol.metadata import MetadataRequest, MetadataResponse
from kafka.protocol.offset import OffsetRequest, OffsetResponse
from kafka.protocol.produce import ProduceRequest, ProduceResponse

REC = bytes(range(1, 11))
vectors = {
    "ApiVersionsResponse.v0": ApiVersionResponse[0](0, [(0, 3, 9), (18, 0, 3)]),
    "ApiVersionsResponse.v1": ApiVersionResponse[1](35, [(3, 0, 9)], 7),
    "MetadataRequest.v0": MetadataRequest[0](["orders", "audit"]),
    "MetadataRequest.v1.null": MetadataRequest[1](None),
    "MetadataRequest.v4": MetadataRequest[4](["orders"], False),
    "MetadataResponse.v1": MetadataResponse[1]([(1, "127.0.0.1", 9092, None), (2, "b", 9093, "r2")], 1,
        [(0, "orders", False, [(0, 0, 1, [1], [1]), (0, 1, 2, [2], [2])]), (3, "gone", False, [])]),
    "MetadataResponse.v5": MetadataResponse[5](0, [(1, "h", 9092, None)], "cid", 1,
        [(0, "orders", False, [(0, 0, 1, [1], [1], [])])]),
    "ProduceRequest.v3": ProduceRequest[3](None, -1, 30000, [("orders", [(0, REC)])]),
    "ProduceRequest.v7": ProduceRequest[7](None, 1, 1500, [("orders", [(0, REC), (1, REC[:3])]), ("audit", [(2, REC)])]),
    "ProduceResponse.v7": ProduceResponse[7]([("orders", [(0, 0, 42, -1, 3)])], 0),
    "FetchRequest.v4": FetchRequest[4](-1, 500, 1, 1048576, 0, [("orders", [(0, 7, 65536)])]),
    "FetchRequest.v10": FetchRequest[10](-1, 500, 1, 52428800, 1, 0, -1,
        [("orders", [(0, -1, 7, -1, 1048576)])], []),
    "FetchResponse.v4": FetchResponse[4](0, [("orders", [(0, 0, 100, 100, None, REC)])]),
    "ListOffsetsRequest.v0": OffsetRequest[0](-1, [("orders", [(0, -2, 1)])]),
    "ListOffsetsRequest.v1": OffsetRequest[1](-1, [("orders", [(0, -1), (1, 1600000000000)])]),
    "ListOffsetsResponse.v0": OffsetResponse[0]([("orders", [(0, 0, [5])])]),
    "ListOffsetsResponse.v1": OffsetResponse[1]([("orders", [(0, 0, -1, 55)])]),
    "FindCoordinatorRequest.v0": GroupCoordinatorRequest[0]("billing"),
    "FindCoordinatorRequest.v1": GroupCoordinatorRequest[1]("billing", 0),
    # Not FindCoordinatorResponse v1: kafka-python's struct lacks ThrottleTimeMs (it only ever sends v0).
    "FindCoordinatorResponse.v0": GroupCoordinatorResponse[0](0, 1, "127.0.0.1", 9092),
    "JoinGroupRequest.v2": JoinGroupRequest[2]("billing", 10000, 300000, "", "consumer", [("range", b"\x00\x01")]),
    "JoinGroupResponse.v2": JoinGroupResponse[2](0, 0, 3, "range", "m-1", "m-1", [("m-1", b"\x00\x01"), ("m-2", b"")]),
    "SyncGroupRequest.v1": SyncGroupRequest[1]("billing", 3, "m-1", [("m-1", b"\x07"), ("m-2", b"\x08\x09")]),
    "SyncGroupResponse.v1": SyncGroupResponse[1](0, 0, b"\x07"),
    "HeartbeatRequest.v1": HeartbeatRequest[1]("billing", 3, "m-1"),
    "HeartbeatResponse.v1": HeartbeatResponse[1](0, 27),
    "LeaveGroupRequest.v1": LeaveGroupRequest[1]("billing", "m-1"),
    "LeaveGroupResponse.v1": LeaveGroupResponse[1](0, 0),
    "OffsetCommitRequest.v2": OffsetCommitRequest[2]("billing", 3, "m-1", -1, [("orders", [(0, 42, ""), (1, 7, None)])]),
    "OffsetCommitResponse.v2": OffsetCommitResponse[2]([("orders", [(0, 0), (1, 22)])]),
    "OffsetFetchRequest.v1": OffsetFetchRequest[1]("billing", [("orders", [0, 1])]),
    "OffsetFetchRequest.v2.null": OffsetFetchRequest[2]("billing", None),
    "OffsetFetchResponse.v3": OffsetFetchResponse[3](0, [("orders", [(0, 42, "", 0), (1, -1, None, 0)])], 0),
    "ListGroupsResponse.v1": ListGroupsResponse[1](0, 0, [("billing", "consumer")]),
    "DescribeGroupsRequest.v1": DescribeGroupsRequest[1](["billing"]),
    "DescribeGroupsResponse.v1": DescribeGroupsResponse[1](0, [(0, "billing", "Stable", "consumer", "range",
        [("m-1", "rdkafka", "/127.0.0.1", b"\x01", b"\x02")])]),
    "CreateTopicsRequest.v2": CreateTopicsRequest[2]([("orders", 3, 1, [], [("retention.ms", "60000")])], 30000, False),
    "CreateTopicsResponse.v2": CreateTopicsResponse[2](0, [("orders", 36, "exists")]),
    "DeleteTopicsRequest.v1": DeleteTopicsRequest[1](["orders", "audit"], 30000),
    "DeleteTopicsResponse.v1": DeleteTopicsResponse[1](0, [("orders", 0), ("audit", 3)]),
    "DescribeConfigsRequest.v1": DescribeConfigsRequest[1]([(2, "orders", ["retention.ms"])], True),
    # kafka-python calls v1's ConfigSource byte a boolean "is_default": source 1 (a topic's own config) is True.
    "DescribeConfigsResponse.v1": DescribeConfigsResponse[1](0, [(0, None, 2, "orders",
        [("retention.ms", "604800000", False, True, False, [("retention.ms", "604800000", 5)])])]),
}
for name, struct in vectors.items():
    print(name, struct.encode().hex())
