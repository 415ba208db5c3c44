namespace PiTune.Inference.Models;

/// <summary>A tensor of one batch item: its name, the dimensions after the batch dimension, their product, and its element type.</summary>
internal sealed record TensorSpec(string Name, int[] ItemShape, TensorDataType DataType = TensorDataType.Fp32)
{
    public long ItemElements { get; } = ItemShape.Aggregate(1L, (a, d) => a * d);

    public long ItemBytes => ItemElements * DataType.Size();

    public string ShapeText => string.Join(",", ItemShape);
}
