using System.Runtime.CompilerServices;

namespace SametimeAdmin.Ltpa
{
    /// <summary>
    /// The full 128-bit product of two 64-bit limbs. Passed as a struct type argument so the JIT compiles the
    /// arithmetic once per multiplier with the multiplication inlined.
    /// </summary>
    internal interface ILimbMultiplier
    {
        /// <summary>Returns the high 64 bits of a*b and the low 64 bits in <paramref name="low"/>.</summary>
        ulong MultiplyHigh(ulong a, ulong b, out ulong low);
    }

    /// <summary>Four 32x32-bit products: what netstandard2.0 has (no Math.BigMul for 64-bit operands there).</summary>
    internal readonly struct PortableLimbMultiplier : ILimbMultiplier
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ulong MultiplyHigh(ulong a, ulong b, out ulong low)
        {
            ulong aLow = (uint)a, aHigh = a >> 32, bLow = (uint)b, bHigh = b >> 32;
            ulong lowLow = aLow * bLow, lowHigh = aLow * bHigh, highLow = aHigh * bLow, highHigh = aHigh * bHigh;
            ulong middle = (lowLow >> 32) + (uint)lowHigh + (uint)highLow;
            low = (middle << 32) | (uint)lowLow;
            return highHigh + (lowHigh >> 32) + (highLow >> 32) + (middle >> 32);
        }
    }

#if NET8_0_OR_GREATER
    /// <summary>One hardware 64x64-bit multiplication (mulx/umulh).</summary>
    internal readonly struct NativeLimbMultiplier : ILimbMultiplier
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ulong MultiplyHigh(ulong a, ulong b, out ulong low) => System.Math.BigMul(a, b, out low);
    }
#endif
}
