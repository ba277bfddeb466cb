namespace SametimeAdmin.Common
{
    /// <summary>
    /// A replacement of the characters [<see cref="Start"/>, <see cref="End"/>) of a text: how the lossless editors
    /// (DXL) and the XML redactor change only what they mean to and keep every other character as it was.
    /// </summary>
    internal readonly struct TextEdit
    {
        public TextEdit(int start, int end, string replacement)
        {
            Start = start;
            End = end;
            Replacement = replacement;
        }

        public int Start { get; }

        /// <summary>Index just after the replaced characters (equal to <see cref="Start"/> for an insertion).</summary>
        public int End { get; }

        public string Replacement { get; }
    }
}
