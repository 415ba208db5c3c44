using System.Text;
using PiTune.Api;
using PiTune.Inference.Models;
using PiTune.Inference.Pool;

namespace PiTune.Tests.Api;

/// <summary>A model that takes raw UINT8 (a HailoRT model with <c>Hailo:Input</c> Uint8): bytes in, the datatype named.</summary>
public sealed class InferRequestDatatypeTests : IDisposable
{
    private static readonly ModelSignature Bytes = new(
        new TensorSpec("images", [2, 2, 1], TensorDataType.Uint8), [new TensorSpec("out", [2], TensorDataType.Uint8)], FixedBatch: null, MaxBatchSize: 4);

    private readonly BufferPool _pool = new(1L << 20);

    public void Dispose() => _pool.Dispose();

    [Fact]
    public void Json_data_of_a_uint8_input_becomes_one_byte_per_value()
    {
        ParsedInfer parsed = Parse("""{"inputs":[{"name":"images","datatype":"UINT8","shape":[1,2,2,1],"data":[0,7,128,255]}]}""", [], out string? error)
            ?? throw new InvalidOperationException(error);

        Assert.Equal([0, 7, 128, 255], parsed.Input.Bytes.ToArray());
        _pool.Return(parsed.Input);
    }

    [Fact]
    public void Binary_data_of_a_uint8_input_is_taken_as_it_is()
    {
        ParsedInfer parsed = Parse("""{"inputs":[{"name":"images","datatype":"UINT8","shape":[2,2,2,1],"parameters":{"binary_data_size":8}}]}""",
            [1, 2, 3, 4, 5, 6, 7, 8], out string? error) ?? throw new InvalidOperationException(error);

        Assert.Equal(2, parsed.Rows);
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], parsed.Input.Bytes.ToArray());
        _pool.Return(parsed.Input);
    }

    [Theory]
    [InlineData("256")]
    [InlineData("-1")]
    [InlineData("1.5")]
    public void A_value_that_is_not_a_byte_is_named_with_where_it_is(string value)
    {
        Assert.Null(Parse($$"""{"inputs":[{"name":"images","datatype":"UINT8","shape":[1,2,2,1],"data":[0,1,{{value}},3]}]}""", [], out string? error));

        Assert.Equal("input \"images\" data holds a number that is not a whole number from 0 to 255 (UINT8) at element 2", error);
    }

    [Fact]
    public void Fp32_sent_to_a_uint8_model_is_refused_naming_both()
    {
        Assert.Null(Parse("""{"inputs":[{"name":"images","datatype":"FP32","shape":[1,2,2,1],"data":[0,1,2,3]}]}""", [], out string? error));

        Assert.Equal("input \"images\" has datatype FP32; the model takes UINT8", error);
    }

    [Fact]
    public void A_binary_size_of_another_datatype_names_the_bytes_uint8_needs()
    {
        Assert.Null(Parse("""{"inputs":[{"name":"images","datatype":"UINT8","shape":[1,2,2,1],"parameters":{"binary_data_size":16}}]}""",
            new byte[16], out string? error));

        Assert.Equal("input \"images\" binary_data_size is 16 bytes; shape [1,2,2,1] of UINT8 needs 4", error);
    }

    private ParsedInfer? Parse(string header, byte[] binary, out string? error) =>
        InferRequestParser.TryParse(Encoding.UTF8.GetBytes(header), binary, new ModelOptions { Name = "m", MaxBatchSize = 4 }, Bytes, _pool, out error, out _);
}
