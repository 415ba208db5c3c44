using Microsoft.Extensions.Time.Testing;
using PiTune.Inference.Batching;
using PiTune.Inference.Models;
using PiTune.Inference.Pool;
using PiTune.Inference.Tests.Support;

namespace PiTune.Inference.Tests.Batching;

public sealed class ModelBatcherTests(ClassifierFixture fixture) : IClassFixture<ClassifierFixture>, IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly BufferPool _pool = new(64L << 20);
    private readonly ListLogger _log = new();
    private int _active;
    private ModelBatcher? _batcher;
    private GatedBackend? _gate;

    public void Dispose()
    {
        _gate?.Release(1000); // a batch a failed test left at the gate must not hold the worker's stop
        _batcher?.Dispose();
        _gate?.Dispose();
        Assert.Equal(0, _pool.BytesInUse);
        _pool.Dispose();
    }

    [Fact]
    public async Task Concurrent_requests_form_one_full_batch_without_waiting_for_the_delay()
    {
        ModelBatcher batcher = Start(maxBatch: 4, delay: TimeSpan.FromSeconds(1));

        InferenceRequest[] requests = [.. Enumerable.Range(0, 4).Select(i => Submit(batcher, i))];
        InferenceResult[] results = await Task.WhenAll(requests.Select(r => r.Completion)).WaitAsync(Wait);

        Assert.All(results, r => Assert.Equal(RequestStatus.Ok, r.Status));
        Assert.All(results, r => Assert.Equal(4, r.BatchSize));
        ReturnAll(results);
    }

    [Fact]
    public async Task Requests_short_of_a_full_batch_wait_exactly_the_max_queue_delay_then_run_together()
    {
        ModelBatcher batcher = Start(maxBatch: 8, delay: TimeSpan.FromMilliseconds(100));
        InferenceRequest a = Submit(batcher, 1);
        InferenceRequest b = Submit(batcher, 2);

        _time.Advance(TimeSpan.FromMilliseconds(99));
        await Task.Delay(50);
        Assert.False(a.Completion.IsCompleted);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        InferenceResult[] results = await Task.WhenAll(a.Completion, b.Completion).WaitAsync(Wait);

        Assert.All(results, r => Assert.Equal(2, r.BatchSize));
        ReturnAll(results);
    }

    [Fact]
    public async Task Adaptive_a_lone_request_runs_at_once_without_waiting_for_company()
    {
        ModelBatcher batcher = Start(maxBatch: 8, delay: TimeSpan.FromSeconds(1), adaptive: true);

        // The fake clock never moves: only the adaptive rule can dispatch it.
        InferenceResult result = await Submit(batcher, 1).Completion.WaitAsync(Wait);

        Assert.Equal(1, result.BatchSize);
        ReturnAll([result]);
    }

    [Fact]
    public async Task Adaptive_a_partial_batch_goes_as_soon_as_the_previous_batch_is_back_and_not_before()
    {
        ModelBatcher batcher = await StartAdaptiveAfterAGroupOfThreeAsync(TimeSpan.FromSeconds(1));

        // The same three clients come back: two are not enough to go...
        InferenceRequest a = Submit(batcher, 3);
        InferenceRequest b = Submit(batcher, 4);
        await Task.Delay(50);
        Assert.False(a.Completion.IsCompleted);

        // ...the third completes the group, and the batch goes with no time passing.
        InferenceRequest c = Submit(batcher, 5);
        InferenceResult[] second = await Task.WhenAll(a.Completion, b.Completion, c.Completion).WaitAsync(Wait);
        Assert.All(second, r => Assert.Equal(3, r.BatchSize));
        ReturnAll(second);
    }

    [Fact]
    public async Task Adaptive_when_a_client_leaves_the_max_queue_delay_still_bounds_the_wait()
    {
        ModelBatcher batcher = await StartAdaptiveAfterAGroupOfThreeAsync(TimeSpan.FromMilliseconds(100));

        InferenceRequest a = Submit(batcher, 3);
        InferenceRequest b = Submit(batcher, 4);
        _time.Advance(TimeSpan.FromMilliseconds(99));
        await Task.Delay(50);
        Assert.False(a.Completion.IsCompleted);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        InferenceResult[] results = await Task.WhenAll(a.Completion, b.Completion).WaitAsync(Wait);
        Assert.All(results, r => Assert.Equal(2, r.BatchSize));
        ReturnAll(results);

        // Two is now the group: the next two go together at once (one alone waits for the other: the clock is still).
        InferenceRequest[] next = [Submit(batcher, 5), Submit(batcher, 6)];
        InferenceResult[] nextResults = await Task.WhenAll(next.Select(r => r.Completion)).WaitAsync(Wait);
        Assert.All(nextResults, r => Assert.Equal(2, r.BatchSize));
        ReturnAll(nextResults);
    }

    [Fact]
    public async Task Adaptive_two_alternating_groups_merge_into_one_batch_when_the_session_frees()
    {
        // Group A (two clients) runs while group B (two more) queues behind it. When the session frees, B alone is not the
        // whole group: the batcher waits for A's clients to come back rather than run B now and leave A to queue behind it.
        (ModelBatcher batcher, GatedBackend gate, ArmedTimerTimeProvider clock) = StartGated(maxBatch: 8, delay: TimeSpan.FromMilliseconds(100));
        InferenceRequest[] a = [Submit(batcher, 1), Submit(batcher, 2)];
        batcher.Start();
        Assert.True(gate.Started.TryTake(out int first, Wait));
        Assert.Equal(2, first);
        InferenceRequest[] b = [Submit(batcher, 3), Submit(batcher, 4)];

        // B has waited longer than the delay while A ran: the delay counts from when the session freed, not from B's arrival.
        _time.Advance(TimeSpan.FromMilliseconds(150));
        gate.Release();
        ReturnAll(await Task.WhenAll(a.Select(r => r.Completion)).WaitAsync(Wait));
        Assert.True(clock.Armed.TryTake(out TimeSpan due, Wait));
        Assert.Equal(TimeSpan.FromMilliseconds(100), due);
        Assert.Empty(gate.Started);

        // A's clients come back: one batch of four, with no time passing.
        InferenceRequest[] again = [Submit(batcher, 5), Submit(batcher, 6)];
        Assert.True(gate.Started.TryTake(out int merged, Wait));
        Assert.Equal(4, merged);
        gate.Release();
        InferenceResult[] results = await Task.WhenAll(b.Concat(again).Select(r => r.Completion)).WaitAsync(Wait);
        Assert.All(results, r => Assert.Equal(4, r.BatchSize));
        ReturnAll(results);
    }

    [Fact]
    public async Task Adaptive_waiting_for_the_rest_of_the_group_is_bounded_by_the_delay_from_when_the_session_freed()
    {
        (ModelBatcher batcher, GatedBackend gate, ArmedTimerTimeProvider clock) = StartGated(maxBatch: 8, delay: TimeSpan.FromMilliseconds(100));
        InferenceRequest[] a = [Submit(batcher, 1), Submit(batcher, 2)];
        batcher.Start();
        Assert.True(gate.Started.TryTake(out _, Wait));
        InferenceRequest[] b = [Submit(batcher, 3), Submit(batcher, 4)];
        _time.Advance(TimeSpan.FromMilliseconds(150));
        gate.Release();
        ReturnAll(await Task.WhenAll(a.Select(r => r.Completion)).WaitAsync(Wait));
        Assert.True(clock.Armed.TryTake(out _, Wait));

        // A's clients do not come back: B goes alone once the delay has passed since the session freed.
        _time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.True(gate.Started.TryTake(out int alone, Wait));
        Assert.Equal(2, alone);
        gate.Release();
        InferenceResult[] results = await Task.WhenAll(b.Select(r => r.Completion)).WaitAsync(Wait);
        Assert.All(results, r => Assert.Equal(2, r.BatchSize));
        ReturnAll(results);

        // Two is the group now: the next two go together at once.
        InferenceRequest[] next = [Submit(batcher, 5), Submit(batcher, 6)];
        Assert.True(gate.Started.TryTake(out int pair, Wait));
        Assert.Equal(2, pair);
        gate.Release();
        ReturnAll(await Task.WhenAll(next.Select(r => r.Completion)).WaitAsync(Wait));
    }

    [Fact]
    public async Task Adaptive_a_client_back_before_the_worker_looks_is_not_taken_for_another_client()
    {
        // One client: its answer goes out inside the run and its next request can queue before the worker looks at the
        // queue again. That request is the same client, so it runs at once, not after waiting for a second one.
        (ModelBatcher batcher, GatedBackend gate, ArmedTimerTimeProvider clock) = StartGated(maxBatch: 8, delay: TimeSpan.FromMilliseconds(100));
        InferenceRequest first = Submit(batcher, 1);
        InferenceRequest? second = null;
        gate.AfterRun = () =>
        {
            gate.AfterRun = null;
            second = Submit(batcher, 2);
        };
        batcher.Start();
        Assert.True(gate.Started.TryTake(out _, Wait));
        gate.Release();
        ReturnAll([await first.Completion.WaitAsync(Wait)]);

        Assert.True(gate.Started.TryTake(out int next, Wait));
        Assert.Equal(1, next);
        Assert.Empty(clock.Armed);
        gate.Release();
        ReturnAll([await second!.Completion.WaitAsync(Wait)]);
    }

    [Fact]
    public async Task Adaptive_a_lone_client_after_a_group_left_waits_the_delay_from_its_own_arrival()
    {
        // A group of four was learnt; long after, one request comes: it waits the delay from its arrival (not from the
        // session freeing, long ago), then runs alone, and one is the group from then on.
        (ModelBatcher batcher, GatedBackend gate, ArmedTimerTimeProvider clock) = StartGated(maxBatch: 8, delay: TimeSpan.FromMilliseconds(100));
        InferenceRequest[] four = [.. Enumerable.Range(0, 4).Select(i => Submit(batcher, i))];
        batcher.Start();
        Assert.True(gate.Started.TryTake(out _, Wait));
        gate.Release();
        ReturnAll(await Task.WhenAll(four.Select(r => r.Completion)).WaitAsync(Wait));
        _time.Advance(TimeSpan.FromSeconds(10));

        InferenceRequest lone = Submit(batcher, 9);
        Assert.True(clock.Armed.TryTake(out TimeSpan due, Wait));
        Assert.Equal(TimeSpan.FromMilliseconds(100), due);
        Assert.Empty(gate.Started);
        _time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.True(gate.Started.TryTake(out int one, Wait));
        Assert.Equal(1, one);
        gate.Release();
        ReturnAll([await lone.Completion.WaitAsync(Wait)]);

        InferenceRequest next = Submit(batcher, 10);
        Assert.True(gate.Started.TryTake(out int atOnce, Wait));
        Assert.Equal(1, atOnce);
        gate.Release();
        ReturnAll([await next.Completion.WaitAsync(Wait)]);
    }

    [Fact]
    public async Task Two_runners_run_two_batches_at_once_with_the_numbers_each_gets_alone()
    {
        (ModelBatcher batcher, GatedBackend gate, _) = StartGated(maxBatch: 8, delay: TimeSpan.FromMilliseconds(100), runners: 2);
        Assert.Equal(2, batcher.Workers);
        batcher.Start();
        InferenceRequest first = Submit(batcher, 1);
        Assert.True(gate.Started.TryTake(out int a, Wait));

        // The first batch is held at the gate: the second worker takes the next request meanwhile.
        InferenceRequest second = Submit(batcher, 2);
        Assert.True(gate.Started.TryTake(out int b, Wait));
        Assert.Equal((1, 1), (a, b));
        gate.Release(2);
        InferenceResult[] concurrent = await Task.WhenAll(first.Completion, second.Completion).WaitAsync(Wait);

        // The same numbers as each request run while nothing else runs.
        var expected = new InferenceResult[2];
        for (int i = 0; i < 2; i++)
        {
            InferenceRequest alone = Submit(batcher, i + 1);
            Assert.True(gate.Started.TryTake(out _, Wait));
            gate.Release();
            expected[i] = await alone.Completion.WaitAsync(Wait);
        }

        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(expected[i].Output!.Floats.ToArray(), concurrent[i].Output!.Floats.ToArray(), (x, y) => Math.Abs(x - y) < 1e-5);
        }

        Assert.NotEqual(concurrent[0].Output!.Floats[0], concurrent[1].Output!.Floats[0]);
        ReturnAll(concurrent);
        ReturnAll(expected);
    }

    [Fact]
    public async Task A_burst_found_by_two_free_runners_is_split_between_them()
    {
        (ModelBatcher batcher, GatedBackend gate, _) = StartGated(maxBatch: 8, delay: TimeSpan.FromMilliseconds(100), runners: 2);
        InferenceRequest[] burst = [.. Enumerable.Range(0, 8).Select(i => Submit(batcher, i))];
        batcher.Start();
        Assert.True(gate.Started.TryTake(out int a, Wait));
        Assert.True(gate.Started.TryTake(out int b, Wait));
        Assert.Equal((4, 4), (a, b));
        gate.Release(2);
        InferenceResult[] results = await Task.WhenAll(burst.Select(r => r.Completion)).WaitAsync(Wait);
        Assert.All(results, r => Assert.Equal(4, r.BatchSize));
        ReturnAll(results);
    }

    [Fact]
    public async Task With_two_runners_a_free_worker_goes_with_its_half_of_the_group()
    {
        // Four clients, two workers, each running two. When one batch ends its clients are half the group (the other
        // worker runs the other half): once both are back they go, without waiting for the other half.
        (ModelBatcher batcher, GatedBackend gate, ArmedTimerTimeProvider clock) = StartGated(maxBatch: 8, delay: TimeSpan.FromMilliseconds(100), runners: 2);
        InferenceRequest[] clients = [.. Enumerable.Range(0, 4).Select(i => Submit(batcher, i))];
        batcher.Start();
        Assert.True(gate.Started.TryTake(out int a, Wait));
        Assert.True(gate.Started.TryTake(out int b, Wait));
        Assert.Equal((2, 2), (a, b));

        // One batch is let through; each worker took two requests in order, so its partner is known.
        gate.Release();
        Task<InferenceResult> done = await Task.WhenAny(clients.Select(r => r.Completion)).WaitAsync(Wait);
        int index = Array.FindIndex(clients, r => r.Completion == done);
        InferenceRequest[] answered = [clients[index - (index % 2)], clients[index - (index % 2) + 1]];
        InferenceRequest[] held = [.. clients.Except(answered)];
        ReturnAll(await Task.WhenAll(answered.Select(r => r.Completion)).WaitAsync(Wait));

        // The first client back waits for its partner (half the group), not at once and not for all four.
        InferenceRequest back = Submit(batcher, 10);
        Assert.True(clock.Armed.TryTake(out TimeSpan due, Wait));
        Assert.Equal(TimeSpan.FromMilliseconds(100), due);
        Assert.Empty(gate.Started);
        InferenceRequest partner = Submit(batcher, 11);
        Assert.True(gate.Started.TryTake(out int half, Wait));
        Assert.Equal(2, half);

        gate.Release(2);
        ReturnAll(await Task.WhenAll(held.Concat([back, partner]).Select(r => r.Completion)).WaitAsync(Wait));
    }

    [Fact]
    public async Task A_backend_that_runs_one_batch_at_a_time_gets_one_worker_whatever_Runners_says()
    {
        (ModelBatcher batcher, GatedBackend gate, _) = StartGated(maxBatch: 8, delay: TimeSpan.FromMilliseconds(100), runners: 4, concurrentBatches: 1);
        Assert.Equal(1, batcher.Workers);
        batcher.Start();
        InferenceRequest first = Submit(batcher, 1);
        Assert.True(gate.Started.TryTake(out _, Wait));
        InferenceRequest second = Submit(batcher, 2);
        gate.Release();
        ReturnAll([await first.Completion.WaitAsync(Wait)]);

        // The second request waited for the only worker: it runs after the first, alone.
        Assert.True(gate.Started.TryTake(out int next, Wait));
        Assert.Equal(1, next);
        gate.Release();
        ReturnAll([await second.Completion.WaitAsync(Wait)]);
    }

    [Fact]
    public void A_full_queue_refuses_the_next_request_at_once()
    {
        ModelBatcher batcher = Start(maxBatch: 8, delay: TimeSpan.FromSeconds(1), queue: 2);
        InferenceRequest[] accepted = [Submit(batcher, 1), Submit(batcher, 2)];
        InferenceRequest third = NewRequest(3);

        Assert.False(batcher.TrySubmit(third));

        _pool.Return(third.Input);
        Assert.All(accepted, r => r.Abandon());
    }

    [Fact]
    public async Task A_request_past_its_deadline_is_dropped_before_running()
    {
        ModelBatcher batcher = Start(maxBatch: 8, delay: TimeSpan.FromMilliseconds(100));
        InferenceRequest late = Submit(batcher, 1, deadline: TimeSpan.FromMilliseconds(50));
        InferenceRequest onTime = Submit(batcher, 2);

        _time.Advance(TimeSpan.FromMilliseconds(100));

        Assert.Equal(RequestStatus.DeadlineExceeded, (await late.Completion.WaitAsync(Wait)).Status);
        InferenceResult ok = await onTime.Completion.WaitAsync(Wait);
        Assert.Equal(RequestStatus.Ok, ok.Status);
        Assert.Equal(1, ok.BatchSize);
        ReturnAll([ok]);
    }

    [Fact]
    public async Task An_abandoned_request_is_dropped_and_its_buffers_go_back_to_the_pool()
    {
        ModelBatcher batcher = Start(maxBatch: 8, delay: TimeSpan.FromMilliseconds(100));
        InferenceRequest gone = Submit(batcher, 1);
        InferenceRequest stays = Submit(batcher, 2);
        Assert.True(gone.Abandon());

        _time.Advance(TimeSpan.FromMilliseconds(100));
        InferenceResult ok = await stays.Completion.WaitAsync(Wait);

        Assert.Equal(1, ok.BatchSize);
        Assert.False(gone.Completion.IsCompleted);
        ReturnAll([ok]);
    }

    [Fact]
    public async Task Each_request_gets_the_same_numbers_in_a_batch_as_alone()
    {
        ModelBatcher batcher = Start(maxBatch: 3, delay: TimeSpan.FromSeconds(1));
        InferenceRequest[] together = [.. Enumerable.Range(0, 3).Select(i => Submit(batcher, i))];
        InferenceResult[] batched = await Task.WhenAll(together.Select(r => r.Completion)).WaitAsync(Wait);

        for (int i = 0; i < 3; i++)
        {
            InferenceRequest alone = Submit(batcher, i);
            _time.Advance(TimeSpan.FromSeconds(1));
            InferenceResult single = await alone.Completion.WaitAsync(Wait);
            Assert.Equal(1, single.BatchSize);
            float[] expected = single.Output!.Floats.ToArray();
            float[] actual = batched[i].Output!.Floats.ToArray();
            Assert.Equal(2, actual.Length);
            Assert.Equal(expected, actual, (x, y) => Math.Abs(x - y) < 1e-5);
            ReturnAll([single]);
        }

        Assert.NotEqual(batched[0].Output!.Floats[0], batched[2].Output!.Floats[0]);
        ReturnAll(batched);
    }

    [Fact]
    public async Task A_memory_pressure_cap_keeps_batches_at_the_cap()
    {
        ModelBatcher batcher = Start(maxBatch: 8, delay: TimeSpan.FromSeconds(1));
        batcher.SetBatchCap(2);

        InferenceRequest[] requests = [.. Enumerable.Range(0, 4).Select(i => Submit(batcher, i))];
        InferenceResult[] results = await Task.WhenAll(requests.Select(r => r.Completion)).WaitAsync(Wait);

        Assert.All(results, r => Assert.Equal(2, r.BatchSize));
        ReturnAll(results);
    }

    [Fact]
    public async Task The_activity_count_rises_with_each_request_and_falls_to_zero_when_all_are_done()
    {
        ModelBatcher batcher = Start(maxBatch: 2, delay: TimeSpan.FromSeconds(1));
        InferenceRequest a = Submit(batcher, 1);
        Assert.Equal(1, Volatile.Read(ref _active));
        InferenceRequest b = Submit(batcher, 2);

        InferenceResult[] results = await Task.WhenAll(a.Completion, b.Completion).WaitAsync(Wait);
        ReturnAll(results);
        SpinWait.SpinUntil(() => Volatile.Read(ref _active) == 0, Wait);

        Assert.Equal(0, Volatile.Read(ref _active));
    }

    [Fact]
    public async Task Idle_for_the_shrink_delay_after_a_batch_the_worker_shrinks_the_arena_once_and_reports_it()
    {
        var shrunk = new SemaphoreSlim(0);
        ModelBatcher batcher = Start(maxBatch: 4, delay: TimeSpan.Zero, shrinkAfterIdle: TimeSpan.FromSeconds(10), idle: () => shrunk.Release());
        ReturnAll([await Submit(batcher, 1).Completion.WaitAsync(Wait)]);

        // The idle timer is the only thing that wakes the worker for a shrink, and the fake clock fires it only in Advance:
        // short of the delay nothing has fired when Advance returns.
        _time.Advance(TimeSpan.FromSeconds(9.999));
        Assert.Equal(0, batcher.ArenaShrinks);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(await shrunk.WaitAsync(Wait));
        Assert.Equal(1, batcher.ArenaShrinks);

        // Nothing ran since: another idle delay shrinks nothing; the next batch arms it again.
        _time.Advance(TimeSpan.FromSeconds(60));
        ReturnAll([await Submit(batcher, 2).Completion.WaitAsync(Wait)]);
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.True(await shrunk.WaitAsync(Wait));
        Assert.Equal(2, batcher.ArenaShrinks);
        Assert.Equal(0, shrunk.CurrentCount);
    }

    [Fact]
    public async Task A_batch_within_the_shrink_delay_puts_the_shrink_off_for_a_whole_delay_after_it()
    {
        var shrunk = new SemaphoreSlim(0);
        ModelBatcher batcher = Start(maxBatch: 4, delay: TimeSpan.Zero, shrinkAfterIdle: TimeSpan.FromSeconds(10), idle: () => shrunk.Release());
        ReturnAll([await Submit(batcher, 1).Completion.WaitAsync(Wait)]);
        _time.Advance(TimeSpan.FromSeconds(6));
        ReturnAll([await Submit(batcher, 2).Completion.WaitAsync(Wait)]);

        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(0, batcher.ArenaShrinks);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await shrunk.WaitAsync(Wait));
        Assert.Equal(1, batcher.ArenaShrinks);
    }

    [Fact]
    public async Task An_idle_timer_that_fires_a_little_early_still_brings_the_shrink()
    {
        // The system timer may fire a hair before the monotonic clock says the delay has passed (seen on the AOT daemon:
        // no shrink after a burst, ever); the worker must wait out the rest instead of forgetting the shrink.
        var early = new EarlyTimerTimeProvider(_time, TimeSpan.FromMilliseconds(1));
        var shrunk = new SemaphoreSlim(0);
        ModelOptions options = TestModels.Classifier(maxBatch: 4, delay: TimeSpan.Zero);
        options.ArenaShrinkAfterIdle = TimeSpan.FromSeconds(10);
        _batcher = new ModelBatcher(fixture.WithMaxBatch(4), options, _pool, early, _log, d => Interlocked.Add(ref _active, d), idle: () => shrunk.Release());
        _batcher.Start();
        ReturnAll([await Submit(_batcher, 1).Completion.WaitAsync(Wait)]);

        // Fires the early timer; the worker finds 9.999 s passed and must arm itself for the last millisecond.
        _time.Advance(TimeSpan.FromSeconds(9.999));
        SpinWait.SpinUntil(() => early.Rearmed, Wait);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.True(await shrunk.WaitAsync(Wait));
        Assert.Equal(1, _batcher.ArenaShrinks);
    }

    [Fact]
    public async Task A_clock_that_moves_past_the_delay_while_the_timer_is_armed_still_runs_the_batch()
    {
        // The worker reads the time, is preempted, and arms the delay timer after the delay has passed: armed from the
        // later time it would wait the whole delay again.
        var clock = new SlippingClock(_time, TimeSpan.FromMilliseconds(100));
        ModelOptions options = TestModels.Classifier(maxBatch: 8, delay: TimeSpan.FromMilliseconds(100));
        options.AdaptiveDelay = false; // a lone request waits for the delay
        _batcher = new ModelBatcher(fixture.WithMaxBatch(8), options, _pool, clock, _log, d => Interlocked.Add(ref _active, d));
        _batcher.Start();
        Assert.True(SpinWait.SpinUntil(() => clock.WorkerReads >= 1, Wait)); // it has looked at the empty queue

        InferenceResult ok = await Submit(_batcher, 1).Completion.WaitAsync(Wait);

        Assert.Equal(RequestStatus.Ok, ok.Status);
        ReturnAll([ok]);
    }

    [Fact]
    public void A_timer_callback_already_on_its_way_when_the_batcher_is_disposed_does_not_throw()
    {
        // Timer.Dispose does not wait for a callback that is running: on stop, the delay or idle timer can still reach
        // the worker's wake event after it was disposed. A throw there is on a timer thread, which ends the process.
        var held = new HeldTimerTimeProvider(_time);
        var batcher = new ModelBatcher(fixture.WithMaxBatch(4), TestModels.Classifier(maxBatch: 4, delay: TimeSpan.Zero), _pool, held, _log, _ => { });
        batcher.Start();
        batcher.Dispose();

        held.FireAll();
    }

    [Fact]
    public async Task A_shrink_delay_of_zero_never_shrinks()
    {
        ModelBatcher batcher = Start(maxBatch: 4, delay: TimeSpan.Zero, shrinkAfterIdle: TimeSpan.Zero, idle: () => throw new InvalidOperationException("shrank"));
        ReturnAll([await Submit(batcher, 1).Completion.WaitAsync(Wait)]);
        _time.Advance(TimeSpan.FromHours(1));

        // The worker has handled every wake the clock could give it once it has run the next request.
        ReturnAll([await Submit(batcher, 2).Completion.WaitAsync(Wait)]);

        Assert.Equal(0, batcher.ArenaShrinks);
    }

    /// <summary>An adaptive batcher whose previous batch held three rows: three requests queued before its worker starts.</summary>
    private async Task<ModelBatcher> StartAdaptiveAfterAGroupOfThreeAsync(TimeSpan delay)
    {
        ModelBatcher batcher = Start(maxBatch: 8, delay: delay, adaptive: true, start: false);
        InferenceRequest[] first = [.. Enumerable.Range(0, 3).Select(i => Submit(batcher, i))];
        batcher.Start();
        InferenceResult[] results = await Task.WhenAll(first.Select(r => r.Completion)).WaitAsync(Wait);
        Assert.All(results, r => Assert.Equal(3, r.BatchSize));
        ReturnAll(results);
        return batcher;
    }

    /// <summary>An adaptive batcher (not started) on the real model behind a gate, whose delay timer reports each arming.</summary>
    private (ModelBatcher Batcher, GatedBackend Gate, ArmedTimerTimeProvider Clock) StartGated(int maxBatch, TimeSpan delay, int runners = 1, int? concurrentBatches = null)
    {
        ModelOptions options = TestModels.Classifier(maxBatch: maxBatch, delay: delay);
        options.AdaptiveDelay = true;
        options.ArenaShrinkAfterIdle = TimeSpan.Zero;
        options.Runners = runners;
        var gate = new GatedBackend(fixture.WithMaxBatch(maxBatch)) { ConcurrentBatches = concurrentBatches };
        _gate = gate;
        var clock = new ArmedTimerTimeProvider(_time);
        _batcher = new ModelBatcher(gate, options, _pool, clock, _log, d => Interlocked.Add(ref _active, d));
        return (_batcher, gate, clock);
    }

    // Triton's batcher exactly unless a test asks for the adaptive delay.
    private ModelBatcher Start(int maxBatch, TimeSpan delay, int queue = 64, bool adaptive = false, bool start = true, TimeSpan? shrinkAfterIdle = null,
        Action? idle = null)
    {
        ModelOptions options = TestModels.Classifier(maxBatch: maxBatch, delay: delay, queue: queue);
        options.AdaptiveDelay = adaptive;
        options.ArenaShrinkAfterIdle = shrinkAfterIdle ?? TimeSpan.Zero;
        _batcher = new ModelBatcher(fixture.WithMaxBatch(maxBatch), options, _pool, _time, _log, d => Interlocked.Add(ref _active, d), idle: idle);
        if (start)
        {
            _batcher.Start();
        }

        return _batcher;
    }

    private InferenceRequest NewRequest(int seed, TimeSpan? deadline = null)
    {
        Assert.Equal(RentStatus.Ok, _pool.TryRent(TestModels.ItemElements * sizeof(float), out PooledBuffer? input));
        var random = new Random(seed);
        Span<float> floats = input!.Floats;
        for (int i = 0; i < floats.Length; i++)
        {
            floats[i] = (float)random.NextDouble();
        }

        return new InferenceRequest(input, 1, _time.GetUtcNow() + (deadline ?? TimeSpan.FromMinutes(1)));
    }

    private InferenceRequest Submit(ModelBatcher batcher, int seed, TimeSpan? deadline = null)
    {
        InferenceRequest request = NewRequest(seed, deadline);
        Assert.True(batcher.TrySubmit(request));
        return request;
    }

    private void ReturnAll(IEnumerable<InferenceResult> results)
    {
        foreach (InferenceResult r in results)
        {
            if (r.Output is { } output)
            {
                _pool.Return(output);
            }
        }
    }
}
