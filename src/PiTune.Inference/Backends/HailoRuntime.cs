using PiTune.Inference.Hailo;
using PiTune.Inference.Models;

namespace PiTune.Inference.Backends;

/// <summary>
/// libhailort and the one vdevice every HailoRT model of the daemon is configured on (the scheduler time-shares the
/// chip between them). Opened at the first model's try and kept while a model is on it; a failure is a value naming
/// what is missing. Thread-safe: the loader, the retry timers and the sampler call it.
/// </summary>
internal sealed class HailoRuntime(HailoOptions options) : IDisposable
{
    private readonly Lock _gate = new();
    private HailoDevice? _device;
    private HailoArchitecture _architecture;
    private int _networks;
    private bool _disposed;

    /// <summary>The library loaded, as "HailoRT 4.23.0 (/usr/lib/libhailort.so.4.23.0)", once it is.</summary>
    public static string? LibraryText =>
        HailoLibrary.LoadedVersion is { } v ? $"HailoRT {v} ({HailoLibrary.LoadedFile})" : null;

    public static string ArchitectureName(HailoArchitecture architecture) => architecture switch
    {
        HailoArchitecture.Hailo8 => "HAILO8",
        HailoArchitecture.Hailo8L => "HAILO8L",
        HailoArchitecture.Hailo8A0 => "HAILO8_A0",
        _ => architecture.ToString().ToUpperInvariant(),
    };

    /// <summary>Configures <paramref name="model"/>'s <c>.hef</c> on the chip, opening the library and device first if need be.</summary>
    public HailoModel? TryConfigure(ModelOptions model, out ChipFailure? failure)
    {
        ArgumentNullException.ThrowIfNull(model);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (HailoLibrary.TryLoad(options.LibraryPath) is { } notLoaded)
            {
                failure = new ChipFailure(notLoaded, Retry: true);
                return null;
            }

            string path = ModelLoader.ResolvePath(model.Path);
            if (!File.Exists(path))
            {
                failure = new ChipFailure($"model file {path} does not exist (Path \"{model.Path}\"; relative paths are resolved against {ModelLoader.BaseDirectory})", Retry: false);
                return null;
            }

            if (_device is null)
            {
                try
                {
                    _device = HailoDevice.Open(new HailoDeviceSettings(options.MultiProcessService, options.GroupId));
                    _architecture = _device.ReadChip().Architecture;
                }
                catch (HailoException ex)
                {
                    CloseIfUnused();
                    failure = new ChipFailure(ex.Message, Retry: IsTransient(ex.Status));
                    return null;
                }
            }

            try
            {
                HailoNetwork network = _device.Configure(path, Settings(model));
                _networks++;
                failure = null;
                return new HailoModel(model.Name, path, network, _architecture, model.MaxBatchSize);
            }
            catch (HailoException ex)
            {
                CloseIfUnused();
                failure = new ChipFailure(ex.Message, Retry: IsTransient(ex.Status));
                return null;
            }
        }
    }

    /// <summary>A model came off the chip (disposed); the device is closed with the last one, so other programs can claim it.</summary>
    public void Release(HailoModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        lock (_gate)
        {
            model.Dispose();
            _networks--;
            CloseIfUnused();
        }
    }

    /// <summary>The chip's architecture and temperatures, while it is open; null when it is not or the read failed.</summary>
    public HailoChipReading? TryReadChip()
    {
        lock (_gate)
        {
            if (_device is null || _disposed)
            {
                return null;
            }

            try
            {
                return _device.ReadChip();
            }
            catch (HailoException)
            {
                return null;
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _device?.Dispose();
            _device = null;
        }
    }

    /// <summary>
    /// What a later try can fix: the library, the driver or the device appearing or being freed. A file HailoRT refuses
    /// (unreadable, corrupt, for another chip) or a network PiTune cannot serve stays so until it is replaced.
    /// </summary>
    internal static bool IsTransient(HailoStatus status) => status switch
    {
        HailoStatus.OpenFileFailure or HailoStatus.InvalidHef or HailoStatus.HefFileCorrupted or HailoStatus.HefNotSupported
            or HailoStatus.HefNotCompatibleWithDevice or HailoStatus.InvalidArgument or HailoStatus.NotSupported => false,
        _ => true,
    };

    private static HailoNetworkSettings Settings(ModelOptions model)
    {
        HailoModelOptions h = model.Hailo;
        return new HailoNetworkSettings(
            FloatInputs: h.Input == HailoInputFormat.Float32,
            FloatOutputs: h.FloatOutputs,
            BatchSize: (ushort)h.BatchSize,
            SchedulerTimeoutMs: h.SchedulerTimeout is { } t ? (uint)t.TotalMilliseconds : null,
            SchedulerThreshold: h.SchedulerThreshold is { } n ? (uint)n : null,
            SchedulerPriority: h.SchedulerPriority is { } p ? (byte)p : null,
            FrameTimeout: h.FrameTimeout);
    }

    private void CloseIfUnused()
    {
        if (_networks == 0 && _device is not null)
        {
            _device.Dispose();
            _device = null;
        }
    }
}
