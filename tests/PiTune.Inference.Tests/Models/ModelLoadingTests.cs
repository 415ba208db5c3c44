using Microsoft.ML.OnnxRuntime;
using PiTune.Inference.Models;
using PiTune.Inference.Pool;
using PiTune.Inference.Providers;
using PiTune.Inference.Tests.Support;

namespace PiTune.Inference.Tests.Models;

public sealed class ModelLoadingTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly ListLogger _log = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void The_bundled_classifier_loads_on_CPU_with_input_x_3x48x192_and_two_outputs_per_item()
    {
        using LoadedModel model = Load(TestModels.Classifier(), []) ?? throw new InvalidOperationException("not loaded");

        Assert.Equal("CPU", model.Provider);
        Assert.Equal("x", model.Signature.Input.Name);
        Assert.Equal([3, 48, 192], model.Signature.Input.ItemShape);
        Assert.Null(model.Signature.FixedBatch);
        TensorSpec output = Assert.Single(model.Signature.Outputs);
        Assert.Equal([2], output.ItemShape);
    }

    [Fact]
    public void A_missing_model_file_is_refused_naming_the_resolved_path()
    {
        ModelOptions options = TestModels.Classifier();
        options.Path = "nowhere/model.onnx";

        Assert.Null(new ModelLoader(_log).TryLoad(options, [ProviderCandidate.Cpu], GraphOptimization.All, out string? error));
        Assert.Contains(Path.Join(AppContext.BaseDirectory, "nowhere/model.onnx"), error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupt_model_file_is_refused_with_ONNX_Runtime_s_reason()
    {
        ModelOptions options = TestModels.Classifier();
        options.Path = _dir.Combine("corrupt.onnx");
        File.WriteAllBytes(options.Path, File.ReadAllBytes(TestModels.ClassifierPath).AsSpan(0, 5000).ToArray());

        Assert.Null(new ModelLoader(_log).TryLoad(options, [ProviderCandidate.Cpu], GraphOptimization.All, out string? error));
        Assert.Contains("ONNX Runtime cannot load", error, StringComparison.Ordinal);
        Assert.Contains("corrupt.onnx", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_configured_input_name_the_model_lacks_is_refused_naming_both()
    {
        ModelOptions options = TestModels.Classifier();
        options.InputName = "image";

        Assert.Null(new ModelLoader(_log).TryLoad(options, [ProviderCandidate.Cpu], GraphOptimization.All, out string? error));
        Assert.Contains("InputName \"image\" is not an input of the model (it has \"x\")", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_plugin_EP_library_falls_back_to_CPU_with_the_reason_logged()
    {
        string missing = _dir.Combine("libvendor_ep.so");
        using LoadedModel model = Load(TestModels.Classifier(), [new ExecutionProviderOptions { Name = "VendorEP", Library = missing }])
            ?? throw new InvalidOperationException("not loaded");

        Assert.Equal("CPU", model.Provider);
        string line = Assert.Single(_log.Lines, l => l.Contains("VendorEP", StringComparison.Ordinal));
        Assert.Contains("falling back", line, StringComparison.Ordinal);
        Assert.Contains($"plugin EP library {missing} does not exist", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text")]
    [InlineData("libc")]
    public void A_file_that_is_not_an_EP_library_falls_back_to_CPU_with_the_reason_logged(string kind)
    {
        string library = kind == "text" ? _dir.Combine("notes.so") : "/lib/x86_64-linux-gnu/libc.so.6";
        if (kind == "text")
        {
            File.WriteAllText(library, "not a shared library\n");
        }
        else if (!File.Exists(library))
        {
            library = "/lib/aarch64-linux-gnu/libc.so.6";
        }

        using LoadedModel model = Load(TestModels.Classifier(), [new ExecutionProviderOptions { Name = "VendorEP", Library = library }])
            ?? throw new InvalidOperationException("not loaded");

        Assert.Equal("CPU", model.Provider);
        string line = Assert.Single(_log.Lines, l => l.Contains("VendorEP", StringComparison.Ordinal));
        Assert.Contains($"{library} is not a plugin EP library ONNX Runtime can load", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_provider_not_built_into_the_package_falls_back_to_CPU_naming_what_is_there()
    {
        using LoadedModel model = Load(TestModels.Classifier(), [new ExecutionProviderOptions { Name = "Hailo" }]) ?? throw new InvalidOperationException("not loaded");

        Assert.Equal("CPU", model.Provider);
        string line = Assert.Single(_log.Lines, l => l.Contains("Hailo", StringComparison.Ordinal));
        Assert.Contains("not built into this ONNX Runtime package (it has CPUExecutionProvider", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupt_model_disables_only_that_model_and_the_others_become_ready()
    {
        ModelOptions bad = TestModels.Classifier("bad");
        bad.Path = _dir.Combine("bad.onnx");
        File.WriteAllText(bad.Path, "garbage");
        var options = new InferenceOptions { Models = [bad, TestModels.Classifier("good", warmup: 1)] };
        using var pool = new BufferPool(64L << 20);
        using var engine = new InferenceEngine(options, pool, TimeProvider.System, _log);

        engine.LoadAll(CancellationToken.None);

        Assert.True(engine.IsLoaded);
        Assert.True(engine.TryGet("bad", out ModelEntry badEntry));
        Assert.Equal(ModelState.Disabled, badEntry.State);
        Assert.Contains("bad.onnx", badEntry.Error, StringComparison.Ordinal);
        Assert.True(engine.TryGet("good", out ModelEntry goodEntry));
        Assert.Equal(ModelState.Ready, goodEntry.State);
        Assert.Contains(_log.Lines, l => l.Contains("Model bad disabled", StringComparison.Ordinal));
        Assert.Contains(_log.Lines, l => l.Contains("Model good ready on CPU", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(10, 0L)]
    [InlineData(0, 1L)]
    public void After_the_warm_up_the_pool_keeps_its_buffers_only_when_the_arena_is_never_shrunk(int shrinkSeconds, long freeBuffersKept)
    {
        ModelOptions model = TestModels.Classifier(maxBatch: 4, warmup: 1);
        model.ArenaShrinkAfterIdle = TimeSpan.FromSeconds(shrinkSeconds);
        using var pool = new BufferPool(64L << 20);
        using var engine = new InferenceEngine(new InferenceOptions { Models = [model] }, pool, TimeProvider.System, _log);

        engine.LoadAll(CancellationToken.None);

        Assert.True(engine.TryGet("cls", out ModelEntry entry));
        Assert.Equal(ModelState.Ready, entry.State);
        Assert.Equal(freeBuffersKept, Math.Sign(pool.BytesFree));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_session_plans_its_memory_pattern_only_when_the_model_asks_for_it(bool memoryPattern)
    {
        ModelOptions model = TestModels.Classifier();
        model.MemoryPattern = memoryPattern;

        using SessionOptions options = ModelLoader.CreateSessionOptions(model, GraphOptimization.All);

        Assert.Equal(memoryPattern, options.EnableMemoryPattern);
        Assert.True(options.EnableCpuMemArena);
    }

    [Theory]
    [InlineData(1, 0, 0)] // one runner: ONNX Runtime's own choice
    [InlineData(2, 0, -2)] // the cores shared out: cores / 2, at least one
    [InlineData(0, 0, -1)] // one runner per core, one thread each
    [InlineData(2, 3, 3)] // set explicitly, taken as it is
    public void The_intra_op_threads_follow_the_runners_unless_set(int runners, int intraOpThreads, int expected)
    {
        var model = new ModelOptions { Runners = runners, IntraOpThreads = intraOpThreads };
        int cores = Environment.ProcessorCount;

        Assert.Equal(runners == 0 ? cores : runners, model.ResolveRunners());
        Assert.Equal(expected switch { -2 => Math.Max(1, cores / 2), -1 => cores > 1 ? 1 : 0, _ => expected }, model.ResolveIntraOpThreads());
        using SessionOptions options = ModelLoader.CreateSessionOptions(model, GraphOptimization.All);
        Assert.Equal(model.ResolveIntraOpThreads(), options.IntraOpNumThreads);
    }

    [Fact]
    public void By_default_a_model_runs_without_a_memory_pattern()
    {
        using SessionOptions options = ModelLoader.CreateSessionOptions(new ModelOptions(), GraphOptimization.All);

        Assert.False(options.EnableMemoryPattern);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void Sessions_use_the_shared_arena_only_when_it_is_registered(bool sharedArena, bool envAllocators)
    {
        IReadOnlyList<KeyValuePair<string, string>> entries = ModelLoader.SessionConfigEntries(TestModels.Classifier(), sharedArena);

        Assert.Equal(envAllocators, entries.Contains(new("session.use_env_allocators", "1")));
        Assert.Contains(new KeyValuePair<string, string>("session.intra_op.allow_spinning", "0"), entries);
    }

    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 0)]
    public void The_shared_arena_is_registered_for_SameAsRequested_and_its_models_serve(bool sameAsRequested, int sharedLines)
    {
        ArenaExtendStrategy strategy = sameAsRequested ? ArenaExtendStrategy.SameAsRequested : ArenaExtendStrategy.NextPowerOfTwo;
        var options = new InferenceOptions { ArenaExtendStrategy = strategy, Models = [TestModels.Classifier(maxBatch: 4, warmup: 1)] };
        using var pool = new BufferPool(64L << 20);
        using var engine = new InferenceEngine(options, pool, TimeProvider.System, _log);

        engine.LoadAll(CancellationToken.None);

        Assert.True(engine.TryGet("cls", out ModelEntry entry));
        Assert.Equal(ModelState.Ready, entry.State);
        Assert.Equal(sharedLines, _log.Lines.Count(l => l.Contains("CPU arena shared by every model, extend strategy SameAsRequested", StringComparison.Ordinal)));
        Assert.DoesNotContain(_log.Lines, l => l.Contains("refused a shared CPU arena", StringComparison.Ordinal));
    }

    private LoadedModel? Load(ModelOptions options, List<ExecutionProviderOptions> providers)
    {
        IReadOnlyList<ProviderCandidate> candidates = new ExecutionProviderCatalog(_log).Resolve(providers);
        LoadedModel? model = new ModelLoader(_log).TryLoad(options, candidates, GraphOptimization.All, out string? error);
        Assert.True(model is not null, error);
        return model;
    }
}
