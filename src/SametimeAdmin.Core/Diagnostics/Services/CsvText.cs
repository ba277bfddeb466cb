using System.Collections.Generic;
using System.Text;

namespace SametimeAdmin.Diagnostics
{
    /// <summary>A small CSV reader (RFC 4180 quoting, '#' comment lines, any line ending).</summary>
    internal static class CsvText
    {
        internal sealed class Row
        {
            public Row(int lineNumber, List<string> fields)
            {
                LineNumber = lineNumber;
                Fields = fields;
            }

            public int LineNumber { get; }

            public List<string> Fields { get; }
        }

        public static List<Row> Parse(string text)
        {
            var rows = new List<Row>();
            int line = 1;
            int i = 0;
            if (text.Length > 0 && text[0] == '\uFEFF')
            {
                i = 1;
            }

            while (i < text.Length)
            {
                int rowLine = line;
                if (text[i] == '#')
                {
                    while (i < text.Length && text[i] != '\n')
                    {
                        i++;
                    }

                    i++;
                    line++;
                    continue;
                }

                var fields = new List<string>();
                var field = new StringBuilder();
                bool quoted = false;
                bool endOfRow = false;
                while (i < text.Length && !endOfRow)
                {
                    char c = text[i];
                    if (quoted)
                    {
                        if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        if (c == '"')
                        {
                            quoted = false;
                        }
                        else
                        {
                            if (c == '\n')
                            {
                                line++;
                            }

                            field.Append(c);
                        }

                        i++;
                        continue;
                    }

                    switch (c)
                    {
                        case '"':
                            quoted = true;
                            break;
                        case ',':
                            fields.Add(field.ToString());
                            field.Clear();
                            break;
                        case '\r':
                            break;
                        case '\n':
                            endOfRow = true;
                            line++;
                            break;
                        default:
                            field.Append(c);
                            break;
                    }

                    i++;
                }

                fields.Add(field.ToString());
                if (fields.Count > 1 || fields[0].Trim().Length > 0)
                {
                    rows.Add(new Row(rowLine, fields));
                }
            }

            return rows;
        }
    }
}
