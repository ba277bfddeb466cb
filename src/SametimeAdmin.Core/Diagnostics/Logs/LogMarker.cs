using System;
using System.Linq;
using System.Text;

namespace SametimeAdmin.Diagnostics
{
    /// <summary>
    /// Text a log line must contain to be worth reading, found by one rare "anchor" character of it
    /// (so the search can use the runtime's vectorised byte search and skip every other line undecoded).
    /// </summary>
    public sealed class LogMarker
    {
        public LogMarker(string text, char anchor)
        {
            int at = text.IndexOf(anchor);
            if (at < 0 || text.Any(c => c > 0x7F))
            {
                throw new ArgumentException("A marker is ASCII text that contains its anchor character.", nameof(anchor));
            }

            Text = text;
            Bytes = Encoding.ASCII.GetBytes(text);
            AnchorIndex = at;
        }

        public string Text { get; }

        internal byte[] Bytes { get; }

        internal int AnchorIndex { get; }

        internal byte Anchor => Bytes[AnchorIndex];
    }
}
