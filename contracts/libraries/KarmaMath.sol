// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title KarmaMath
/// @notice Fixed-point helpers for karma: values are WAD (1e18 = 1.0).
library KarmaMath {
    uint256 internal constant WAD = 1e18;
    /// @dev ln(2) in WAD.
    uint256 internal constant LN2 = 693_147_180_559_945_309;

    /// @notice Exponential moving average: `current + (outcome - current) * rate`, all WAD.
    /// @dev The result lies between `current` and `outcome`, so it stays in [0, WAD].
    function ema(uint256 current, uint256 outcome, uint256 rate) internal pure returns (uint256) {
        return (current * (WAD - rate) + outcome * rate) / WAD;
    }

    /// @notice `value` decayed toward `baseline` after `elapsed` seconds with half-life `halfLife`:
    /// `baseline + (value - baseline) * 2^(-elapsed / halfLife)`.
    function decay(uint256 value, uint256 baseline, uint256 elapsed, uint256 halfLife) internal pure returns (uint256) {
        if (elapsed == 0 || value == baseline) return value;
        uint256 halvings = elapsed / halfLife;
        // 2^-64 of a WAD-bounded distance is below one unit: fully decayed.
        if (halvings >= 64) return baseline;
        uint256 factor = exp2Neg(((elapsed % halfLife) * WAD) / halfLife) >> halvings;
        if (value > baseline) return baseline + ((value - baseline) * factor) / WAD;
        return baseline - ((baseline - value) * factor) / WAD;
    }

    /// @notice 2^(-x) for x in [0, WAD), in WAD, via the alternating series of e^(-x ln 2).
    /// @dev With y = x ln 2 < 0.7, ten terms leave an error below 0.7^11 / 11! < 5e-10.
    function exp2Neg(uint256 x) internal pure returns (uint256) {
        uint256 y = (x * LN2) / WAD;
        uint256 term = WAD;
        uint256 sum = WAD;
        // Safe unchecked: term <= WAD and y < WAD, so term * y < 2^120; each term is smaller than
        // the one before, so the alternating partial sums stay in (0, WAD].
        unchecked {
            for (uint256 k = 1; k <= 10; ++k) {
                term = (term * y) / (k * WAD);
                if (k & 1 == 1) sum -= term;
                else sum += term;
            }
        }
        return sum;
    }
}
