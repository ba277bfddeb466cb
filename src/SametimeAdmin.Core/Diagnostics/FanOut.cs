using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace SametimeAdmin.Diagnostics
{
    /// <summary>
    /// Runs one work item per target concurrently and hands the results back in input order, grouped by target: the
    /// results of the first unfinished target stream as they come, later targets' results wait until every earlier
    /// target is done. At most <see cref="ThrottleLimit"/> items run at once and at most <see cref="HeldLimit"/> targets
    /// are started but not yet delivered, so memory stays bounded however many targets come in: <see cref="Add"/>
    /// delivers what is ready while it waits for room. Work waiting on the network costs no thread, so the limit can
    /// be in the hundreds. Only the consumer's thread calls <see cref="Add"/> and <see cref="Drain"/>, and every
    /// callback runs on it.
    /// </summary>
    public sealed class FanOut<T> : IDisposable
    {
        private const int ProgressMilliseconds = 500;

        private readonly Queue<Entry> held = new Queue<Entry>();
        private readonly SemaphoreSlim changed = new SemaphoreSlim(0);
        private readonly CancellationTokenSource cancel = new CancellationTokenSource();
        private readonly Action<T> deliver;
        private readonly Action<string, Exception> fail;
        private readonly Action<int, int> progress;
        private readonly Stopwatch sinceProgress = Stopwatch.StartNew();
        private int running;
        private int started;
        private int finished;

        /// <param name="throttleLimit">How many work items run at once.</param>
        /// <param name="deliver">Writes one result (consumer thread).</param>
        /// <param name="fail">Reports a work item that ended with an exception, after its results (consumer thread).</param>
        /// <param name="progress">Reports (finished, started) when a target is delivered and at most every half second while waiting.</param>
        public FanOut(int throttleLimit, Action<T> deliver, Action<string, Exception> fail, Action<int, int> progress)
        {
            if (throttleLimit < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(throttleLimit), throttleLimit, "At least one work item must be allowed to run.");
            }

            ThrottleLimit = throttleLimit;
            HeldLimit = throttleLimit > int.MaxValue / 4 ? int.MaxValue : throttleLimit * 4;
            this.deliver = deliver ?? throw new ArgumentNullException(nameof(deliver));
            this.fail = fail ?? throw new ArgumentNullException(nameof(fail));
            this.progress = progress ?? throw new ArgumentNullException(nameof(progress));
        }

        public int ThrottleLimit { get; }

        /// <summary>How many targets may be started and not yet delivered (running, or done and waiting for an earlier one).</summary>
        public int HeldLimit { get; }

        public int Started => started;

        public int Finished => Volatile.Read(ref finished);

        public CancellationToken Token => cancel.Token;

        /// <summary>
        /// Starts the work for <paramref name="target"/> once a slot is free, delivering ready results meanwhile. The work
        /// posts its results through the callback it is given, from any thread.
        /// </summary>
        /// <exception cref="OperationCanceledException">After <see cref="Cancel"/>.</exception>
        public void Add(string target, Func<Action<T>, CancellationToken, Task> work)
        {
            if (work == null)
            {
                throw new ArgumentNullException(nameof(work));
            }

            while (true)
            {
                DeliverReady();
                bool room;
                lock (held)
                {
                    room = running < ThrottleLimit && held.Count < HeldLimit;
                }

                if (room)
                {
                    break;
                }

                WaitForChange();
            }

            var entry = new Entry(target, changed);
            lock (held)
            {
                held.Enqueue(entry);
                running++;
            }

            started++;
            _ = Task.Run(async () =>
            {
                Exception? failure = null;
                try
                {
                    await work(entry.Post, cancel.Token).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    failure = ex;
                }

                lock (held)
                {
                    entry.Failure = failure;
                    entry.Done = true;
                    running--;
                }

                Interlocked.Increment(ref finished);
                changed.Release();
            });
        }

        /// <summary>Delivers what is ready; with <paramref name="untilDone"/> waits until every target is delivered.</summary>
        /// <exception cref="OperationCanceledException">After <see cref="Cancel"/>.</exception>
        public void Drain(bool untilDone)
        {
            while (true)
            {
                DeliverReady();
                if (!untilDone)
                {
                    return;
                }

                lock (held)
                {
                    if (held.Count == 0)
                    {
                        return;
                    }
                }

                WaitForChange();
            }
        }

        /// <summary>Cancels the work under way; a consumer waiting in <see cref="Add"/> or <see cref="Drain"/> gets an OperationCanceledException.</summary>
        public void Cancel() => cancel.Cancel();

        public void Dispose()
        {
            // Work items still running see the cancellation and end; their late results are not read.
            cancel.Cancel();
        }

        private void WaitForChange()
        {
            if (!changed.Wait(ProgressMilliseconds, cancel.Token) || sinceProgress.ElapsedMilliseconds >= ProgressMilliseconds)
            {
                ReportProgress();
            }
        }

        /// <summary>Delivers the results of the head target, and of each following one as earlier ones complete.</summary>
        private void DeliverReady()
        {
            cancel.Token.ThrowIfCancellationRequested();
            while (true)
            {
                Entry head;
                List<T> results;
                bool done;
                lock (held)
                {
                    if (held.Count == 0)
                    {
                        return;
                    }

                    head = held.Peek();
                    done = head.Done;
                    results = head.Take();
                    if (done)
                    {
                        held.Dequeue();
                    }
                }

                foreach (var result in results)
                {
                    deliver(result);
                }

                if (!done)
                {
                    return;
                }

                if (head.Failure != null)
                {
                    fail(head.Target, head.Failure);
                }

                ReportProgress();
            }
        }

        private void ReportProgress()
        {
            progress(Finished, started);
            sinceProgress.Restart();
        }

        private sealed class Entry
        {
            private static readonly List<T> None = new List<T>();
            private readonly object gate = new object();
            private readonly SemaphoreSlim changed;
            private List<T> results = new List<T>();

            public Entry(string target, SemaphoreSlim changed)
            {
                Target = target;
                this.changed = changed;
            }

            public string Target { get; }

            public bool Done { get; set; }

            public Exception? Failure { get; set; }

            public void Post(T result)
            {
                lock (gate)
                {
                    results.Add(result);
                }

                changed.Release();
            }

            /// <summary>The results posted so far (called under the queue's lock; Post takes only the entry's).</summary>
            public List<T> Take()
            {
                lock (gate)
                {
                    if (results.Count == 0)
                    {
                        return None;
                    }

                    var taken = results;
                    results = new List<T>();
                    return taken;
                }
            }
        }
    }
}
