namespace PiTune.Inference.Models;

/// <summary>A tensor of one batch item: its name, the dimensions after the batch dimension, and their product.</summary>
internal sealed record TensorSpec(string Name, int[] ItemShape)
{
    public long ItemElements { get; } = ItemShape.Aggregate(1L, (a, d) => a * d);

    public long ItemBytes => ItemElements * sizeof(float);

    public string ShapeText => string.Join(",", ItemShape);
}
