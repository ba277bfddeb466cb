namespace SametimeAdmin.Diagnostics
{
    /// <summary>How a scanner reads the file; <see cref="Auto"/> everywhere but in tests that compare the ways.</summary>
    internal enum LogScanMode
    {
        /// <summary>Blocks, searched on a second core for large files; UTF-16 files line by line.</summary>
        Auto,

        /// <summary>Blocks, each searched on the reading thread.</summary>
        Blocks,

        /// <summary>Blocks, searched ahead on other threads whatever the file's size.</summary>
        ParallelBlocks,

        /// <summary>Every line decoded and looked at (the way UTF-16 files are read).</summary>
        LineByLine,
    }
}
