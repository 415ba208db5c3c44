using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using PiTune.Inference.Hailo;

// usage: PiTune.HailoBench LIBRARY_DIR MODEL BATCH BATCHES ROUNDS   prints one line per round: "pitune <ns per frame>"
// HailoNetwork.Run over BATCHES batches of BATCH FLOAT32 frames, after one warm-up round, as baseline.c does in C.
if (args.Length != 5)
{
    Console.Error.WriteLine("usage: PiTune.HailoBench LIBRARY_DIR MODEL BATCH BATCHES ROUNDS");
    return 2;
}

string? error = HailoLibrary.TryLoad(args[0]);
if (error is not null)
{
    Console.Error.WriteLine(error);
    return 1;
}

int batch = int.Parse(args[2], CultureInfo.InvariantCulture);
int batches = int.Parse(args[3], CultureInfo.InvariantCulture);
int rounds = int.Parse(args[4], CultureInfo.InvariantCulture);

using HailoDevice device = HailoDevice.Open(new HailoDeviceSettings(false, null));
using HailoNetwork network = device.Configure(args[1], new HailoNetworkSettings(true, true, (ushort)batch, null, null, null, TimeSpan.FromSeconds(30)));
nint input = Alloc(batch * network.Input.FrameBytes);
nint[] outputs = network.Outputs.Select(o => Alloc(batch * o.FrameBytes)).ToArray();

for (int round = -1; round < rounds; round++)
{
    long start = Stopwatch.GetTimestamp();
    for (int b = 0; b < batches; b++)
        network.Run(input, batch, outputs);
    double perFrame = Stopwatch.GetElapsedTime(start).TotalNanoseconds / ((double)batches * batch);
    if (round >= 0)
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pitune {perFrame:F0}"));
}

return 0;

static unsafe nint Alloc(int bytes) => (nint)NativeMemory.AllocZeroed((nuint)bytes);
