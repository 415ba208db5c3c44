namespace PiTune.Core.Inference;

/// <summary>
/// Lets the memory job stop the batcher from growing batches past a safe size under memory pressure
/// (the guide's <c>reduce_pressure</c>), and lift the limit when pressure ends (<c>reset_pressure</c>).
/// </summary>
public interface IBatchSizeLimiter
{
    /// <summary>Caps every model's batch size at <paramref name="maxBatchSize"/> (at least 1); null lifts the cap.</summary>
    void SetPressureBatchLimit(int? maxBatchSize);
}
