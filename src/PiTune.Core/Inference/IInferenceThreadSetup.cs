namespace PiTune.Core.Inference;

/// <summary>
/// Gives the calling thread the inference threads' scheduling (<c>Priority:Nice</c>, <c>Priority:Policy</c>,
/// <c>Priority:InferenceCpus</c>). The batcher calls it once at the top of each of its worker threads, when it is
/// registered. Never throws: a setting the kernel refuses (EPERM without CAP_SYS_NICE, a CPU that does not exist)
/// is logged once and the thread carries on at its default scheduling.
/// </summary>
public interface IInferenceThreadSetup
{
    /// <summary>Applies the configured scheduling to the calling thread; returns whether every setting took.</summary>
    bool ApplyToCurrentThread();
}
