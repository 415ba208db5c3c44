using PiTune.Inference.Hailo;
using PiTune.TestSupport;

namespace PiTune.Inference.Tests.Hailo;

/// <summary>
/// Per test: the fake library loaded (once per process) through <see cref="HailoLibrary"/>, a fresh control folder
/// (all healthy) and a folder for models.
/// </summary>
internal sealed class FakeChip : IDisposable
{
    public FakeChip()
    {
        string? error = HailoLibrary.TryLoad(FakeHailort.LibraryDirectory());
        Assert.Null(error);
        FakeHailort.SetControlDirectory(Control.Path);
    }

    public FakeHailort.Control Control { get; } = new();

    public string Models { get; } = Directory.CreateTempSubdirectory("pitune-hailo-models-").FullName;

    public static HailoNetworkSettings Settings(bool floats = true, ushort batch = 0, TimeSpan? frameTimeout = null) =>
        new(floats, floats, batch, null, null, null, frameTimeout ?? TimeSpan.FromSeconds(30));

    public string Model(string name) => Path.Join(Models, name);

    public void Dispose()
    {
        FakeHailort.SetControlDirectory(null);
        Control.Dispose();
        Directory.Delete(Models, recursive: true);
    }
}
