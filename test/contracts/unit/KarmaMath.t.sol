// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {KarmaMath} from "../../../contracts/libraries/KarmaMath.sol";

/// @notice Unit and fuzz tests of the fixed-point karma math: EMA, decay toward a baseline with a
/// half-life, and the 2^-x series behind it.
contract KarmaMathTest is Test {
    uint256 internal constant WAD = 1e18;
    /// @dev The documented bound of exp2Neg's series error: 0.7^11 / 11! < 5e-10, in WAD.
    uint256 internal constant EXP2_MAX_ERROR = 5e8;
    /// @dev ln(2) with 36 decimals, for the high-precision reference.
    uint256 internal constant LN2_36 = 693147180559945309417232121458176568;
    uint256 internal constant HALF_LIFE = 180 days;

    /// @dev 2^(-x) for x in [0, WAD), in WAD, computed with 36 decimals and 40 series terms:
    /// an independent reference whose own error is far below one WAD unit.
    function _exp2NegReference(uint256 x) internal pure returns (uint256) {
        uint256 scale = 1e36;
        uint256 y = (x * LN2_36) / WAD;
        uint256 term = scale;
        uint256 sum = scale;
        for (uint256 k = 1; k <= 40; ++k) {
            term = (term * y) / (k * scale);
            if (term == 0) break;
            if (k & 1 == 1) sum -= term;
            else sum += term;
        }
        return sum / 1e18;
    }

    function _absDiff(uint256 a, uint256 b) internal pure returns (uint256) {
        return a > b ? a - b : b - a;
    }

    // ---------------------------------------------------------------- ema

    function test_ema_movesTenPercentTowardOutcomeWithDefaultAlpha() public pure {
        assertEq(KarmaMath.ema(0, WAD, 0.1e18), 0.1e18);
        assertEq(KarmaMath.ema(0.1e18, WAD, 0.1e18), 0.19e18);
        assertEq(KarmaMath.ema(0.19e18, WAD, 0.1e18), 0.271e18);
        assertEq(KarmaMath.ema(0.5e18, 0, 0.1e18), 0.45e18);
    }

    function test_ema_rateZeroKeepsCurrent() public pure {
        assertEq(KarmaMath.ema(0.37e18, WAD, 0), 0.37e18);
    }

    function test_ema_rateOneJumpsToOutcome() public pure {
        assertEq(KarmaMath.ema(0.37e18, 0.9e18, WAD), 0.9e18);
        assertEq(KarmaMath.ema(WAD, 0, WAD), 0);
    }

    function test_ema_roundsDown() public pure {
        // (1 * 0.9e18 + 0) / 1e18 = 0.9 -> 0
        assertEq(KarmaMath.ema(1, 0, 0.1e18), 0);
    }

    function testFuzz_ema_staysBetweenCurrentAndOutcome(uint256 current, uint256 outcome, uint256 rate) public pure {
        current = bound(current, 0, WAD);
        outcome = bound(outcome, 0, WAD);
        rate = bound(rate, 0, WAD);
        uint256 result = KarmaMath.ema(current, outcome, rate);
        uint256 lo = current < outcome ? current : outcome;
        uint256 hi = current < outcome ? outcome : current;
        assertGe(result, lo);
        assertLe(result, hi);
        assertLe(result, WAD);
        assertEq(result, (current * (WAD - rate) + outcome * rate) / WAD);
    }

    // ---------------------------------------------------------------- exp2Neg

    function test_exp2Neg_ofZeroIsOne() public pure {
        assertEq(KarmaMath.exp2Neg(0), WAD);
    }

    function test_exp2Neg_knownValuesWithinDocumentedError() public pure {
        assertApproxEqAbs(KarmaMath.exp2Neg(0.25e18), 840896415253714543, EXP2_MAX_ERROR);
        assertApproxEqAbs(KarmaMath.exp2Neg(0.5e18), 707106781186547524, EXP2_MAX_ERROR);
        assertApproxEqAbs(KarmaMath.exp2Neg(0.75e18), 594603557501360533, EXP2_MAX_ERROR);
        assertApproxEqAbs(KarmaMath.exp2Neg(WAD - 1), 0.5e18, EXP2_MAX_ERROR);
    }

    function test_exp2Neg_justBelowOneIsNotBelowOneHalf() public pure {
        // Continuity at a halving boundary: decay just before a full half-life is never below
        // the value at the half-life.
        assertGe(KarmaMath.exp2Neg(WAD - 1), 0.5e18);
    }

    function test_exp2Neg_referenceIsAccurate() public pure {
        assertEq(_exp2NegReference(0), WAD);
        assertApproxEqAbs(_exp2NegReference(0.5e18), 707106781186547524, 1);
        assertApproxEqAbs(_exp2NegReference(0.25e18), 840896415253714543, 1);
    }

    function testFuzz_exp2Neg_withinErrorBoundOfReference(uint256 x) public pure {
        x = bound(x, 0, WAD - 1);
        uint256 actual = KarmaMath.exp2Neg(x);
        assertLe(_absDiff(actual, _exp2NegReference(x)), EXP2_MAX_ERROR);
        assertLe(actual, WAD);
        assertGe(actual, 0.5e18);
    }

    function testFuzz_exp2Neg_monotonicNonIncreasing(uint256 a, uint256 b) public pure {
        a = bound(a, 0, WAD - 1);
        b = bound(b, 0, WAD - 1);
        if (a > b) (a, b) = (b, a);
        // The series is evaluated with truncating integer steps, so two inputs a few units apart
        // can come out one wei in the wrong order (e.g. x = 222280606177295887); beyond one wei
        // the function never increases.
        assertLe(KarmaMath.exp2Neg(b), KarmaMath.exp2Neg(a) + 1);
    }

    function testFuzz_exp2Neg_monotonicForAdjacentInputs(uint256 x) public pure {
        x = bound(x, 0, WAD - 2);
        assertLe(KarmaMath.exp2Neg(x + 1), KarmaMath.exp2Neg(x) + 1);
    }

    function testFuzz_exp2Neg_strictlyDecreasingAtCoarseSteps(uint256 x, uint256 step) public pure {
        step = bound(step, 1e9, 0.5e18);
        x = bound(x, 0, WAD - 1 - step);
        assertLt(KarmaMath.exp2Neg(x + step), KarmaMath.exp2Neg(x));
    }

    // ---------------------------------------------------------------- decay

    function test_decay_noElapsedTimeKeepsValue() public pure {
        assertEq(KarmaMath.decay(0.8e18, 0, 0, HALF_LIFE), 0.8e18);
    }

    function test_decay_valueAtBaselineStays() public pure {
        assertEq(KarmaMath.decay(0.3e18, 0.3e18, 1000 days, HALF_LIFE), 0.3e18);
    }

    function test_decay_oneHalfLifeHalvesTheDistance() public pure {
        assertEq(KarmaMath.decay(0.8e18, 0, HALF_LIFE, HALF_LIFE), 0.4e18);
        assertEq(KarmaMath.decay(WAD, 0.2e18, HALF_LIFE, HALF_LIFE), 0.6e18);
    }

    function test_decay_twoHalfLivesQuarterTheDistance() public pure {
        assertEq(KarmaMath.decay(0.8e18, 0, 2 * HALF_LIFE, HALF_LIFE), 0.2e18);
    }

    function test_decay_fractionalHalfLifeMatchesPowerOfTwo() public pure {
        // 1.5 half-lives: distance * 2^-1.5 = distance * 0.353553390593273762
        uint256 actual = KarmaMath.decay(0.8e18, 0, HALF_LIFE + HALF_LIFE / 2, HALF_LIFE);
        assertApproxEqRel(actual, (0.8e18 * uint256(353553390593273762)) / WAD, 1e9);
    }

    function test_decay_sixtyFourHalfLivesReachesBaseline() public pure {
        assertEq(KarmaMath.decay(WAD, 0, 64 * HALF_LIFE, HALF_LIFE), 0);
        assertEq(KarmaMath.decay(WAD, 0.25e18, 64 * HALF_LIFE, HALF_LIFE), 0.25e18);
        assertEq(KarmaMath.decay(0, 0.25e18, 64 * HALF_LIFE, HALF_LIFE), 0.25e18);
        assertEq(KarmaMath.decay(WAD, 0, type(uint128).max, HALF_LIFE), 0);
    }

    function test_decay_valueBelowBaselineRisesTowardIt() public pure {
        assertEq(KarmaMath.decay(0.2e18, 0.6e18, HALF_LIFE, HALF_LIFE), 0.4e18);
        assertEq(KarmaMath.decay(0, WAD, 2 * HALF_LIFE, HALF_LIFE), 0.75e18);
    }

    function testFuzz_decay_staysBetweenValueAndBaseline(
        uint256 value,
        uint256 baseline,
        uint256 elapsed,
        uint256 halfLife
    ) public pure {
        value = bound(value, 0, WAD);
        baseline = bound(baseline, 0, WAD);
        halfLife = bound(halfLife, 1, 10 * 365 days);
        elapsed = bound(elapsed, 0, 100 * 365 days);
        uint256 result = KarmaMath.decay(value, baseline, elapsed, halfLife);
        uint256 lo = value < baseline ? value : baseline;
        uint256 hi = value < baseline ? baseline : value;
        assertGe(result, lo);
        assertLe(result, hi);
    }

    function testFuzz_decay_distanceNeverGrowsWithTime(
        uint256 value,
        uint256 baseline,
        uint256 t1,
        uint256 t2,
        uint256 halfLife
    ) public pure {
        value = bound(value, 0, WAD);
        baseline = bound(baseline, 0, WAD);
        halfLife = bound(halfLife, 1, 10 * 365 days);
        t1 = bound(t1, 0, 100 * 365 days);
        t2 = bound(t2, t1, 100 * 365 days);
        uint256 d1 = _absDiff(KarmaMath.decay(value, baseline, t1, halfLife), baseline);
        uint256 d2 = _absDiff(KarmaMath.decay(value, baseline, t2, halfLife), baseline);
        // One wei of slack for exp2Neg's rounding (see testFuzz_exp2Neg_monotonicNonIncreasing).
        assertLe(d2, d1 + 1);
    }

    function testFuzz_decay_matchesReferenceWithinRelativeError(uint256 value, uint256 elapsed) public pure {
        value = bound(value, 1e9, WAD);
        elapsed = bound(elapsed, 0, 20 * HALF_LIFE);
        uint256 halvings = elapsed / HALF_LIFE;
        uint256 expected = (value * (_exp2NegReference(((elapsed % HALF_LIFE) * WAD) / HALF_LIFE) >> halvings)) / WAD;
        uint256 actual = KarmaMath.decay(value, 0, elapsed, HALF_LIFE);
        // Relative error 1e-9 of the distance, plus one wei of rounding.
        assertLe(_absDiff(actual, expected), (value * 1e9) / WAD + 1);
    }

    function testFuzz_decay_exactHalvings(uint256 value, uint256 baseline, uint8 halvings) public pure {
        value = bound(value, 0, WAD);
        baseline = bound(baseline, 0, WAD);
        uint256 n = bound(halvings, 0, 70);
        uint256 result = KarmaMath.decay(value, baseline, n * HALF_LIFE, HALF_LIFE);
        uint256 expected;
        if (n == 0 || n >= 64) {
            expected = n == 0 ? value : baseline;
        } else if (value >= baseline) {
            expected = baseline + ((value - baseline) * (WAD >> n)) / WAD;
        } else {
            expected = baseline - ((baseline - value) * (WAD >> n)) / WAD;
        }
        assertEq(result, expected);
    }
}
