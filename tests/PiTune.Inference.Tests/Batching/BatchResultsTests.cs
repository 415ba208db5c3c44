using PiTune.Inference.Batching;
using PiTune.Inference.Pool;

namespace PiTune.Inference.Tests.Batching;

public sealed class BatchResultsTests : IDisposable
{
    private readonly BufferPool _pool = new(1L << 20);

    public void Dispose() => _pool.Dispose();

    [Fact]
    public void A_request_is_counted_in_the_statistics_before_its_caller_can_see_the_answer()
    {
        // A client that reads /v2/models/NAME/stats right after its answer must find its request counted. The clock below
        // looks, each time the statistics read it, whether the answer is already out.
        (AnswerWatchingClock clock, ModelStatistics statistics, BatchResults results, InferenceRequest request) = Running();
        clock.Watched = request;

        Assert.True(results.Complete(request, InferenceResult.Of(RequestStatus.Failed, "test")));

        Assert.True(request.Completion.IsCompletedSuccessfully);
        Assert.Equal(1, statistics.Totals().Requests);
        Assert.False(clock.SawAnswerWhileCounting, "the answer was out before the request was counted");
        _pool.Return(request.Input);
    }

    [Fact]
    public void An_abandoned_request_is_not_counted_and_gets_no_answer()
    {
        (_, ModelStatistics statistics, BatchResults results, InferenceRequest request) = Running();
        Assert.True(request.Abandon());

        Assert.False(results.Complete(request, InferenceResult.Of(RequestStatus.Failed, "test")));

        Assert.False(request.Completion.IsCompleted);
        Assert.Equal(0, statistics.Totals().Requests);
        _pool.Return(request.Input);
    }

    /// <summary>A request the batcher has started, with the results and statistics it completes through.</summary>
    private (AnswerWatchingClock Clock, ModelStatistics Statistics, BatchResults Results, InferenceRequest Request) Running()
    {
        var clock = new AnswerWatchingClock();
        var statistics = new ModelStatistics(4, clock);
        Assert.Equal(RentStatus.Ok, _pool.TryRent(16, out PooledBuffer? input));
        var request = new InferenceRequest(input!, 1, DateTimeOffset.MaxValue) { EnqueuedTimestamp = clock.GetTimestamp() };
        Assert.True(request.TryStart());
        return (clock, statistics, new BatchResults(_pool, statistics, clock), request);
    }

    /// <summary>A clock that notes whether the watched request's answer was already visible when something read the time.</summary>
    private sealed class AnswerWatchingClock : TimeProvider
    {
        private long _ticks = 1;

        public InferenceRequest? Watched { get; set; }

        public bool SawAnswerWhileCounting { get; private set; }

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp()
        {
            if (Watched is { } r && r.Completion.IsCompleted)
            {
                SawAnswerWhileCounting = true;
            }

            return _ticks++;
        }
    }
}
