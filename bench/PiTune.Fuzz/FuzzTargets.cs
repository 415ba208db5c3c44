namespace PiTune.Fuzz;

/// <summary>The targets by name. Each returns normally for any input; an exception out of one is a crash to afl-fuzz.</summary>
internal static class FuzzTargets
{
    public static readonly string[] Names = ["infer", "config", "sysfs"];

    public static FuzzTarget? Find(string name) => name switch
    {
        "infer" => InferTarget.Run,
        "config" => ConfigTarget.Run,
        "sysfs" => SysfsTarget.Run,
        _ => null,
    };
}
