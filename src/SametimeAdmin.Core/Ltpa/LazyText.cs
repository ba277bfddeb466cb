using System;
using System.Threading;

namespace SametimeAdmin.Ltpa
{
    /// <summary>
    /// A text computed on first read and kept: fingerprints and reasons of a token verdict that callers often never
    /// read. The function is a static one with its input as state, so creating one allocates nothing else.
    /// </summary>
    internal sealed class LazyText
    {
        private readonly Func<object, string> compute;
        private object? state;
        private string? value;

        public LazyText(Func<object, string> compute, object state)
        {
            this.compute = compute;
            this.state = state;
        }

        /// <summary>The text; the input is dropped once it is computed.</summary>
        public string Value
        {
            get
            {
                string? current = Volatile.Read(ref value);
                if (current != null)
                {
                    return current;
                }

                object? input = Volatile.Read(ref state);
                if (input == null)
                {
                    // Another thread computed it meanwhile (it stores the value before dropping the input).
                    return Volatile.Read(ref value) ?? string.Empty;
                }

                current = compute(input);
                Volatile.Write(ref value, current);
                Volatile.Write(ref state, null);
                return current;
            }
        }
    }
}
