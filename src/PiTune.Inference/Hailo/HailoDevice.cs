using System.Runtime.InteropServices;
using PiTune.Inference.Hailo.Interop;

namespace PiTune.Inference.Hailo;

/// <summary>
/// One vdevice: it claims the chip (or joins the hailort_service group) and holds every network configured on it;
/// the scheduler time-shares those networks. Configure and ReadChip may be called from different threads.
/// </summary>
internal sealed class HailoDevice : IDisposable
{
    private readonly VdeviceHandle _vdevice;
    private readonly nint _groupId;
    private readonly Lock _lock = new();
    private readonly List<HailoNetwork> _networks = [];
    private bool _disposed;

    private HailoDevice(VdeviceHandle vdevice, nint groupId)
    {
        _vdevice = vdevice;
        _groupId = groupId;
    }

    /// <summary>Creates the vdevice. Throws <see cref="HailoException"/>: 64 no driver, 74 no (free) device, 73, 76 ...</summary>
    public static HailoDevice Open(HailoDeviceSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        HailoLibrary.ThrowIfNotLoaded();
        Check(HailoNative.InitVdeviceParams(out HailoVdeviceParams parameters), "hailo_init_vdevice_params");
        parameters.MultiProcessService = settings.MultiProcessService ? (byte)1 : (byte)0;

        // The vdevice keeps the pointer, not the string: this copy lives until the vdevice is released.
        nint groupId = settings.GroupId is null ? 0 : Marshal.StringToCoTaskMemUTF8(settings.GroupId);
        if (groupId != 0)
            parameters.GroupId = groupId;

        HailoStatus status = HailoNative.CreateVdevice(parameters, out nint vdevice);
        if (status != HailoStatus.Success)
        {
            Marshal.FreeCoTaskMem(groupId);
            throw new HailoException(status, "hailo_create_vdevice");
        }

        return new HailoDevice(new VdeviceHandle(vdevice), groupId);
    }

    /// <summary>
    /// Configures the model in <paramref name="hefPath"/> and makes its vstreams. Throws <see cref="HailoException"/>:
    /// 13 unreadable, 26/91 not a HEF, 93 compiled for another chip, or PiTune's refusal of a model it cannot serve.
    /// </summary>
    public HailoNetwork Configure(string hefPath, HailoNetworkSettings settings)
    {
        ArgumentNullException.ThrowIfNull(hefPath);
        ArgumentNullException.ThrowIfNull(settings);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            HailoNetwork network = HailoNetwork.Create(this, _vdevice.DangerousGetHandle(), hefPath, settings);
            _networks.Add(network);
            return network;
        }
    }

    /// <summary>The chip's architecture and temperatures (the physical device under the vdevice; not claimed again).</summary>
    public unsafe HailoChipReading ReadChip()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            nint device = 0;
            nuint count = 1;
            Check(HailoNative.GetPhysicalDevices(_vdevice.DangerousGetHandle(), &device, ref count), "hailo_get_physical_devices");
            Check(HailoNative.Identify(device, out HailoDeviceIdentity identity), "hailo_identify");
            Check(HailoNative.GetChipTemperature(device, out HailoChipTemperatureInfo temperature), "hailo_get_chip_temperature");
            return new HailoChipReading(identity.DeviceArchitecture, temperature.Ts0Temperature, temperature.Ts1Temperature);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
                return;
            _disposed = true;

            // Network groups belong to the vdevice: their vstreams go before it does.
            foreach (HailoNetwork network in _networks.ToArray())
                network.Dispose();
            _networks.Clear();
            _vdevice.Dispose();
            Marshal.FreeCoTaskMem(_groupId);
        }
    }

    internal void Forget(HailoNetwork network)
    {
        lock (_lock)
            _networks.Remove(network);
    }

    internal static void Check(HailoStatus status, string function, string? context = null)
    {
        if (status != HailoStatus.Success)
            throw new HailoException(status, function, context);
    }
}
