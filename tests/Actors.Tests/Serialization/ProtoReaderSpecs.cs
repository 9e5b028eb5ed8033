using Actors.Serialization;
using Google.Protobuf;

namespace Actors.Tests.Serialization;

/// <summary>
/// The protobuf reader every codec uses, on its own: it parses the wire format itself (no CodedInputStream per nested
/// message), so these pin what it must keep doing: varints of every width (negative numbers as ten bytes), strings and
/// nested messages read in place, repeated fields in order, fields it does not know skipped whatever their wire type,
/// and malformed input refused with an <see cref="InvalidDataException"/> instead of read past its end.
/// </summary>
public sealed class ProtoReaderSpecs
{
    [Fact]
    public void Should_read_back_what_the_writer_wrote()
    {
        // arrange
        var bytes = new ProtoWriter()
            .I64(1, long.MaxValue)
            .I64(2, -1)
            .I64(3, int.MinValue)
            .Str(4, "héllo")
            .Bytes(5, [0, 255, 7])
            .Msg(6, w => w.I64(1, 42).Str(2, "inner"))
            .Each(7, new[] { 1, 2, 3 }, (w, i) => w.I64(1, i))
            .Bool(8, true)
            .Msg(9, _ => { })
            .ToArray();

        // act
        var reader = new ProtoReader(bytes);

        // assert
        Assert.Equal(long.MaxValue, reader.I64(1));
        Assert.Equal(-1, reader.I64(2));
        Assert.Equal(int.MinValue, reader.I32(3));
        Assert.Equal("héllo", reader.Str(4));
        Assert.Equal(new byte[] { 0, 255, 7 }, reader.Bytes(5));
        Assert.Equal((42L, "inner"), (reader.Msg(6).I64(1), reader.Msg(6).Str(2)));
        Assert.Equal([1L, 2L, 3L], reader.Each(7).Select(r => r.I64(1)));
        Assert.True(reader.Bool(8));
        Assert.Equal((true, false), (reader.OptMsg(9) is not null, reader.OptMsg(98) is not null));
        Assert.Equal((0L, "", null), (reader.I64(99), reader.Str(99), reader.Blob(99)));
    }

    [Fact]
    public void Should_write_each_message_alone_with_a_kept_writer_also_one_rented_while_another_is_in_use()
    {
        // arrange: a large message grows the thread's kept writer and its nested one
        var large = ProtoWriter.Rent().Each(1, Enumerable.Range(0, 1000), (w, i) => w.I64(1, i).Str(2, new string('x', 50))).ToArrayAndReturn();

        // act: the next message on the thread is written by the same writer; while it is in use, another is rented
        var outer = ProtoWriter.Rent();
        var inner = ProtoWriter.Rent().Msg(1, w => w.Str(1, "inner")).ToArrayAndReturn();
        var small = outer.I64(1, 7).Msg(2, w => w.Str(1, "n")).Bytes(3, inner).ToArrayAndReturn();

        // assert: nothing of the earlier messages is left in the later ones
        Assert.Equal(1000, new ProtoReader(large).Each(1).Count);
        Assert.Equal("inner", new ProtoReader(inner).Msg(1).Str(1));
        var reader = new ProtoReader(small);
        Assert.Equal((7L, "n", "inner"), (reader.I64(1), reader.Msg(2).Str(1), new ProtoReader(reader.Bytes(3)).Msg(1).Str(1)));
        Assert.Equal(new ProtoWriter().I64(1, 7).Msg(2, w => w.Str(1, "n")).Bytes(3, inner).ToArray(), small);
    }

    [Fact]
    public void Should_keep_a_writer_for_the_thread_unless_its_buffers_grew_past_a_mebibyte()
    {
        var writer = ProtoWriter.Rent();
        writer.I64(1, 1).ToArrayAndReturn();
        Assert.Same(writer, ProtoWriter.Rent());

        writer.Msg(1, w => w.Bytes(1, new byte[2 * 1024 * 1024])).ToArrayAndReturn();
        Assert.NotSame(writer, ProtoWriter.Rent());
    }

    [Fact]
    public void Should_find_every_field_whatever_order_the_look_ups_come_in()
    {
        // arrange: a look-up starts where the last one stopped, so reading backwards, twice, and after a miss must still find each
        var bytes = new ProtoWriter().I64(1, 11).Str(2, "two").I64(3, 33).Msg(4, w => w.I64(1, 4)).I64(5, 55).ToArray();
        var reader = new ProtoReader(bytes);

        // act
        var read = new object[]
        {
            reader.I64(5), reader.I64(3), reader.Str(2), reader.I64(1), reader.I64(99), reader.Msg(4).I64(1), reader.I64(3), reader.I64(3),
            reader.Str(5), reader.I64(2), reader.I64(1), reader.I64(5),
        };

        // assert: a field asked for as the wrong wire type reads as missing, as before
        Assert.Equal([55L, 33L, "two", 11L, 0L, 4L, 33L, 33L, "", 0L, 11L, 55L], read);
    }

    [Fact]
    public void Should_skip_fields_of_every_wire_type_it_does_not_know()
    {
        // arrange: fixed64, fixed32 and an unknown nested field around the two it knows
        var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        output.WriteTag(10, WireFormat.WireType.Fixed64);
        output.WriteFixed64(ulong.MaxValue);
        output.WriteTag(1, WireFormat.WireType.Varint);
        output.WriteInt64(7);
        output.WriteTag(11, WireFormat.WireType.Fixed32);
        output.WriteFixed32(5);
        output.WriteTag(12, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(1, 2, 3));
        output.WriteTag(2, WireFormat.WireType.LengthDelimited);
        output.WriteString("kept");
        output.Flush();

        // act
        var reader = new ProtoReader(buffer.ToArray());

        // assert
        Assert.Equal((7L, "kept"), (reader.I64(1), reader.Str(2)));
    }

    public static TheoryData<string, byte[]> Malformed => new()
    {
        { "a varint cut short", [0x08, 0x80] },
        { "a length past the end", [0x12, 0x05, 0x61] },
        { "a fixed64 cut short", [0x09, 1, 2, 3] },
        { "field number 0", [0x00, 0x01] },
        { "a start-group wire type", [0x0b] },
        { "a varint of eleven bytes", [0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01] },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Should_refuse_malformed_input_with_an_invalid_data_exception(string why, byte[] bytes)
    {
        // act
        var error = Record.Exception(() => new ProtoReader(bytes));

        // assert
        Assert.True(error is InvalidDataException, $"{why}: {error?.GetType().Name ?? "no exception"}");
    }
}
