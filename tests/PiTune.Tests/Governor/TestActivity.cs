using PiTune.Core.Inference;

namespace PiTune.Tests.Governor;

/// <summary>A batcher's activity signal the test raises by hand, on the test's thread like a request thread would.</summary>
internal sealed class TestActivity : IInferenceActivity
{
    private volatile bool _active;

    public bool IsActive => _active;

    public event Action<bool>? ActivityChanged;

    public void Set(bool active)
    {
        _active = active;
        ActivityChanged?.Invoke(active);
    }
}
