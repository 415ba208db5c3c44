using Microsoft.Extensions.Logging.Abstractions;
using PiTune.Core.Platform;
using PiTune.Linux.Files;
using PiTune.Linux.Tuning;

// Usage: PiTune.LedgerCrashProbe <root> <stateDir> [<relative path> <value>]...
// Writes each tunable through a TuningLedger on that root and state directory, prints "written", then blocks
// on stdin without ever restoring: the test kills it with SIGKILL, the way a crash or the OOM killer would.
if (args.Length < 2 || args.Length % 2 != 0)
{
    await Console.Error.WriteLineAsync("usage: PiTune.LedgerCrashProbe <root> <stateDir> [<relative path> <value>]...");
    return 64;
}

var ledger = TuningLedger.Open(
    new RootedSysFiles(args[0]),
    new StateOptions { Directory = args[1] },
    TimeProvider.System,
    NullLogger<TuningLedger>.Instance);

for (int i = 2; i < args.Length; i += 2)
{
    WriteResult result = ledger.Write(new Tunable(args[i]), args[i + 1]);
    if (!result.IsOk)
    {
        await Console.Error.WriteLineAsync(result.Describe());
        return 1;
    }
}

Console.WriteLine("written");
Console.Out.Flush();

// Block until killed; should stdin close instead, exit without restoring, which is just as unclean.
while (await Console.In.ReadLineAsync() is not null)
{
}

return 0;
