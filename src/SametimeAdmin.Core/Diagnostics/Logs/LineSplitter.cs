using System;

namespace SametimeAdmin.Diagnostics
{
    /// <summary>Splits a stream of T (bytes or chars) into lines with one fixed buffer.</summary>
    internal sealed class LineSplitter<T>
        where T : struct, IEquatable<T>
    {
        private const int BufferLength = 1024 * 1024;
        private readonly T newline;
        private readonly T carriageReturn;
        private readonly Func<T[], int, int, int> read;
        private readonly T[] buffer = new T[BufferLength];
        private int start;
        private int end;
        private bool endOfStream;
        private bool skippingRest;

        public LineSplitter(T newline, T carriageReturn, Func<T[], int, int, int> read)
        {
            this.newline = newline;
            this.carriageReturn = carriageReturn;
            this.read = read;
        }

        public long OverlongLines { get; private set; }

        public bool EndedWithoutTerminator { get; private set; }

        /// <summary>The next line as a slice of the internal buffer (valid until the next call).</summary>
        public bool Next(out T[] line, out int offset, out int count)
        {
            line = buffer;
            while (true)
            {
                int available = end - start;
                int found = available > 0 ? Array.IndexOf(buffer, newline, start, available) : -1;
                if (found >= 0)
                {
                    int lineStart = start;
                    start = found + 1;
                    if (skippingRest)
                    {
                        skippingRest = false;
                        continue;
                    }

                    offset = lineStart;
                    count = TrimCarriageReturn(lineStart, found - lineStart);
                    return true;
                }

                if (skippingRest)
                {
                    start = end = 0;
                }
                else if (available >= LogLineReader.MaxLineLength)
                {
                    // An overlong line: keep its beginning, drop the rest up to the next line break.
                    OverlongLines++;
                    offset = start;
                    count = LogLineReader.MaxLineLength;
                    start = end = 0;
                    skippingRest = true;
                    return true;
                }

                if (endOfStream)
                {
                    if (end > start && !skippingRest)
                    {
                        EndedWithoutTerminator = true;
                        offset = start;
                        count = TrimCarriageReturn(start, end - start);
                        start = end;
                        return true;
                    }

                    offset = count = 0;
                    return false;
                }

                Fill();
            }
        }

        private int TrimCarriageReturn(int offset, int count) =>
            count > 0 && buffer[offset + count - 1].Equals(carriageReturn) ? count - 1 : count;

        private void Fill()
        {
            if (start > 0)
            {
                Array.Copy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }

            int got = read(buffer, end, buffer.Length - end);
            if (got <= 0)
            {
                endOfStream = true;
            }
            else
            {
                end += got;
            }
        }
    }
}
