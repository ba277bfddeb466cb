namespace SametimeAdmin.Diagnostics
{
    /// <summary>The order of day, month and year in a log's dates.</summary>
    public enum LogDateOrder
    {
        /// <summary>Learn it from the file (a day above 12 settles it); until then use the current culture's order.</summary>
        Auto,

        /// <summary>13/03/2017 (Domino on a European system).</summary>
        DayMonthYear,

        /// <summary>03/13/2017 (Domino on a US system, WebSphere logs with a US locale).</summary>
        MonthDayYear,

        /// <summary>2017-03-13.</summary>
        YearMonthDay,
    }
}
