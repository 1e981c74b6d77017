// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {AosTestBase} from "../utils/AosTestBase.sol";
import {KarmaRegistry} from "../../../contracts/karma/KarmaRegistry.sol";
import {IKarmaRegistry} from "../../../contracts/interfaces/IKarmaRegistry.sol";

/// @notice Unit and fuzz tests of KarmaRegistry: dimensions, EMA updates, decay on read, task
/// outcomes, requirements, trust depth, and the owner / updater / pause rules.
contract KarmaRegistryTest is AosTestBase {
    uint64 internal constant WAD = 1e18;
    uint64 internal constant ALPHA = 0.1e18;
    uint32 internal constant HALF_LIFE = 180 days;
    uint32 internal constant MAX_HALF_LIFE = 10 * 365 days;
    bytes32 internal constant KARMA_UPDATED = keccak256("KarmaUpdated(address,uint16,uint64,uint64,uint64)");
    bytes32 internal constant TASK_OUTCOME_RECORDED = keccak256(
        "TaskOutcomeRecorded(address,uint16,bool,uint64,uint64,uint64,uint32,uint32,address,uint256,uint256)"
    );

    address internal updater = makeAddr("updater");
    address internal other = makeAddr("other");
    uint16 internal builtInAndBaseCount;

    function setUp() public override {
        super.setUp();
        vm.prank(owner);
        karma.setUpdater(updater, true);
        builtInAndBaseCount = karma.dimensionCount();
    }

    // ---------------------------------------------------------------- helpers

    function _record(address who, uint16 dim, uint64 outcome, uint64 weight) internal {
        vm.prank(updater);
        karma.recordOutcome(who, dim, outcome, weight);
    }

    function _task(
        address who,
        uint16 domain,
        bool success,
        uint64 responseScore,
        address asset,
        uint256 amount
    ) internal {
        vm.prank(updater);
        karma.recordTaskOutcome(who, domain, success, responseScore, asset, amount);
    }

    function _define(string memory name, uint64 baseline) internal returns (uint16) {
        vm.prank(owner);
        return karma.defineDimension(name, IKarmaRegistry.DimensionKind.Accuracy, baseline);
    }

    function _ema(uint256 current, uint256 outcome, uint256 rate) internal pure returns (uint64) {
        return uint64((current * (WAD - rate) + outcome * rate) / WAD);
    }

    function _requirements(
        uint16 dim,
        uint64 minimum
    ) internal pure returns (IKarmaRegistry.KarmaRequirement[] memory reqs) {
        reqs = new IKarmaRegistry.KarmaRequirement[](1);
        reqs[0] = IKarmaRegistry.KarmaRequirement({dimension: dim, minimum: minimum});
    }

    function _skills(uint16 skill) internal pure returns (uint16[] memory skills) {
        skills = new uint16[](1);
        skills[0] = skill;
    }

    function _countLogs(Vm.Log[] memory logs, bytes32 topic) internal view returns (uint256 n) {
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].emitter == address(karma) && logs[i].topics[0] == topic) ++n;
        }
    }

    function _countFrom(Vm.Log[] memory logs, address emitter) internal pure returns (uint256 n) {
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].emitter == emitter) ++n;
        }
    }

    function _assertDimension(
        KarmaRegistry registry,
        uint16 id,
        string memory name,
        IKarmaRegistry.DimensionKind kind,
        uint64 baseline
    ) internal view {
        IKarmaRegistry.Dimension memory d = registry.dimension(id);
        assertEq(d.name, name);
        assertEq(uint8(d.kind), uint8(kind));
        assertEq(d.baseline, baseline);
    }

    // ---------------------------------------------------------------- constructor

    function test_constructor_definesFourBuiltInDimensions() public {
        KarmaRegistry fresh = new KarmaRegistry(owner, guardian);
        assertEq(fresh.dimensionCount(), 4);
        assertEq(fresh.JURY_RELIABILITY(), 1);
        assertEq(fresh.TASK_COMPLETION(), 2);
        assertEq(fresh.RESPONSE_TIME(), 3);
        assertEq(fresh.GOVERNANCE(), 4);
        _assertDimension(fresh, 1, "reliability.jury", IKarmaRegistry.DimensionKind.Reliability, 0);
        _assertDimension(fresh, 2, "reliability.task_completion", IKarmaRegistry.DimensionKind.Reliability, 0);
        _assertDimension(fresh, 3, "reliability.response_time", IKarmaRegistry.DimensionKind.Reliability, 0);
        _assertDimension(fresh, 4, "governance", IKarmaRegistry.DimensionKind.Governance, 0);
    }

    function test_constructor_setsDefaults() public {
        KarmaRegistry fresh = new KarmaRegistry(owner, guardian);
        assertEq(fresh.alpha(), ALPHA);
        assertEq(fresh.halfLife(), HALF_LIFE);
        assertEq(fresh.owner(), owner);
        assertEq(fresh.guardian(), guardian);
        assertFalse(fresh.paused());
        assertFalse(fresh.isUpdater(owner));
    }

    function test_constructor_emitsDimensionDefinedForEachBuiltIn() public {
        vm.expectEmit();
        emit IKarmaRegistry.DimensionDefined(1, "reliability.jury", IKarmaRegistry.DimensionKind.Reliability, 0);
        vm.expectEmit();
        emit IKarmaRegistry.DimensionDefined(
            2,
            "reliability.task_completion",
            IKarmaRegistry.DimensionKind.Reliability,
            0
        );
        vm.expectEmit();
        emit IKarmaRegistry.DimensionDefined(
            3,
            "reliability.response_time",
            IKarmaRegistry.DimensionKind.Reliability,
            0
        );
        vm.expectEmit();
        emit IKarmaRegistry.DimensionDefined(4, "governance", IKarmaRegistry.DimensionKind.Governance, 0);
        new KarmaRegistry(owner, guardian);
    }

    function test_newIdentity_startsAtZeroInEveryBuiltInDimension() public view {
        for (uint16 d = 1; d <= 4; ++d) {
            assertEq(karma.karmaOf(other, d), 0);
            (uint64 value, uint40 updatedAt) = karma.storedKarma(other, d);
            assertEq(value, 0);
            assertEq(updatedAt, 0);
        }
        IKarmaRegistry.AgentRecord memory r = karma.agentRecord(other);
        assertEq(r.tasksCompleted, 0);
        assertEq(r.tasksFailed, 0);
        assertEq(r.trustDepth, 0);
        assertEq(r.totalEarnedNative, 0);
    }

    // ---------------------------------------------------------------- defineDimension

    function test_defineDimension_assignsNextIdAndEmits() public {
        uint16 expectedId = builtInAndBaseCount + 1;
        vm.expectEmit(address(karma));
        emit IKarmaRegistry.DimensionDefined(expectedId, "skill.rust", IKarmaRegistry.DimensionKind.Skill, 0.3e18);
        vm.prank(owner);
        uint16 id = karma.defineDimension("skill.rust", IKarmaRegistry.DimensionKind.Skill, 0.3e18);
        assertEq(id, expectedId);
        assertEq(karma.dimensionCount(), expectedId);
        _assertDimension(karma, id, "skill.rust", IKarmaRegistry.DimensionKind.Skill, 0.3e18);
    }

    function test_defineDimension_fixtureDimensionsFollowBuiltIns() public view {
        assertEq(codeReview, 5);
        assertEq(simulation, 6);
        assertEq(python, 7);
        assertEq(karma.dimensionCount(), 7);
        _assertDimension(karma, python, "skill.python", IKarmaRegistry.DimensionKind.Skill, 0);
    }

    function test_defineDimension_acceptsBaselineOfExactlyOne() public {
        uint16 id = _define("accuracy.full", WAD);
        assertEq(karma.dimension(id).baseline, WAD);
        assertEq(karma.karmaOf(other, id), WAD);
    }

    function test_defineDimension_revertsForStranger() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        karma.defineDimension("skill.rust", IKarmaRegistry.DimensionKind.Skill, 0);
    }

    function test_defineDimension_revertsForGuardian() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, guardian));
        vm.prank(guardian);
        karma.defineDimension("skill.rust", IKarmaRegistry.DimensionKind.Skill, 0);
    }

    function test_defineDimension_revertsOnEmptyName() public {
        vm.expectRevert(abi.encodeWithSelector(IKarmaRegistry.KarmaRegistryInvalidName.selector, ""));
        vm.prank(owner);
        karma.defineDimension("", IKarmaRegistry.DimensionKind.Skill, 0);
    }

    function test_defineDimension_revertsOnDuplicateName() public {
        vm.expectRevert(
            abi.encodeWithSelector(IKarmaRegistry.KarmaRegistryInvalidName.selector, "accuracy.code_review")
        );
        vm.prank(owner);
        karma.defineDimension("accuracy.code_review", IKarmaRegistry.DimensionKind.Accuracy, 0);
    }

    function test_defineDimension_revertsOnBuiltInName() public {
        vm.expectRevert(abi.encodeWithSelector(IKarmaRegistry.KarmaRegistryInvalidName.selector, "governance"));
        vm.prank(owner);
        karma.defineDimension("governance", IKarmaRegistry.DimensionKind.Skill, 0);
    }

    function test_defineDimension_duplicateCheckIgnoresKindAndBaseline() public {
        _define("skill.go", 0);
        vm.expectRevert(abi.encodeWithSelector(IKarmaRegistry.KarmaRegistryInvalidName.selector, "skill.go"));
        vm.prank(owner);
        karma.defineDimension("skill.go", IKarmaRegistry.DimensionKind.Skill, 0.5e18);
    }

    function test_defineDimension_revertsOnBaselineAboveOne() public {
        vm.expectRevert(abi.encodeWithSelector(IKarmaRegistry.KarmaRegistryValueOutOfRange.selector, WAD + 1e12));
        vm.prank(owner);
        karma.defineDimension("skill.rust", IKarmaRegistry.DimensionKind.Skill, WAD + 1e12);
    }

    function test_defineDimension_revertsOnBaselineNotMultipleOfUnit() public {
        vm.expectRevert(abi.encodeWithSelector(IKarmaRegistry.KarmaRegistryValueOutOfRange.selector, 0.5e18 + 1));
        vm.prank(owner);
        karma.defineDimension("skill.rust", IKarmaRegistry.DimensionKind.Skill, 0.5e18 + 1);
    }

    function test_defineDimension_revertsWhenTooManyDimensions() public {
        (bytes32 slot, uint256 shift) = _findDimensionCountSlot();
        uint256 raw = uint256(vm.load(address(karma), slot));
        raw = (raw & ~(uint256(type(uint16).max) << shift)) | (uint256(type(uint16).max - 1) << shift);
        vm.store(address(karma), slot, bytes32(raw));
        assertEq(karma.dimensionCount(), type(uint16).max - 1);
        assertEq(karma.halfLife(), LAYOUT_PROBE_HALF_LIFE, "neighbouring fields intact");

        assertEq(_define("last.one", 0), type(uint16).max);
        vm.expectRevert(IKarmaRegistry.KarmaRegistryTooManyDimensions.selector);
        vm.prank(owner);
        karma.defineDimension("one.too.many", IKarmaRegistry.DimensionKind.Skill, 0);
    }

    uint32 internal constant LAYOUT_PROBE_HALF_LIFE = 12_345_679;

    /// @dev Finds `_dimensionCount` without hard-coding the storage layout: it is declared right
    /// after `_halfLife`, so look for a word holding a distinctive half-life followed by the count.
    function _findDimensionCountSlot() internal returns (bytes32, uint256) {
        vm.prank(owner);
        karma.setHalfLife(LAYOUT_PROBE_HALF_LIFE);
        uint16 count = karma.dimensionCount();
        for (uint256 slot; slot < 16; ++slot) {
            uint256 raw = uint256(vm.load(address(karma), bytes32(slot)));
            for (uint256 offset; offset + 6 <= 32; ++offset) {
                if (
                    uint32(raw >> (8 * offset)) == LAYOUT_PROBE_HALF_LIFE && uint16(raw >> (8 * (offset + 4))) == count
                ) {
                    return (bytes32(slot), 8 * (offset + 4));
                }
            }
        }
        revert("layout: _halfLife followed by _dimensionCount not found");
    }

    function testFuzz_defineDimension_acceptsOnlyWholeMillionthsUpToOne(uint64 baseline) public {
        bool valid = baseline <= WAD && baseline % 1e12 == 0;
        if (!valid) {
            vm.expectRevert(abi.encodeWithSelector(IKarmaRegistry.KarmaRegistryValueOutOfRange.selector, baseline));
        }
        vm.prank(owner);
        uint16 id = karma.defineDimension("fuzz.dimension", IKarmaRegistry.DimensionKind.Skill, baseline);
        if (valid) {
            assertEq(karma.dimension(id).baseline, baseline);
            assertEq(karma.karmaOf(other, id), baseline);
        }
    }

    function testFuzz_defineDimension_validBaselinesRoundTrip(uint64 units) public {
        uint64 baseline = uint64(bound(units, 0, 1e6)) * 1e12;
        uint16 id = _define("fuzz.dimension", baseline);
        _record(other, id, WAD, WAD);
        // The baseline travels with the stored value and decay returns exactly to it.
        vm.warp(block.timestamp + 64 * uint256(HALF_LIFE));
        assertEq(karma.karmaOf(other, id), baseline);
    }

    // ---------------------------------------------------------------- setUpdater

    function test_setUpdater_grantsAndEmits() public {
        vm.expectEmit(address(karma));
        emit IKarmaRegistry.UpdaterSet(other, true);
        vm.prank(owner);
        karma.setUpdater(other, true);
        assertTrue(karma.isUpdater(other));
        vm.prank(other);
        karma.recordOutcome(agent, codeReview, WAD, WAD);
        assertEq(karma.karmaOf(agent, codeReview), 0.1e18);
    }

    function test_setUpdater_revokeStopsUpdates() public {
        vm.expectEmit(address(karma));
        emit IKarmaRegistry.UpdaterSet(updater, false);
        vm.prank(owner);
        karma.setUpdater(updater, false);
        assertFalse(karma.isUpdater(updater));
        vm.expectRevert(abi.encodeWithSelector(IKarmaRegistry.KarmaRegistryNotUpdater.selector, updater));
        vm.prank(updater);
        karma.recordOutcome(agent, codeReview, WAD, WAD);
    }

    function test_setUpdater_revertsForStranger() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        karma.setUpdater(stranger, true);
    }

    function test_setUpdater_revokingTheFirstGrantedUpdaterStopsIt() public {
        // The escrow was granted first (at deployment).
        vm.prank(owner);
        karma.setUpdater(address(escrow), false);
        assertFalse(karma.isUpdater(address(escrow)));
        assertTrue(karma.isUpdater(address(jury)));
        assertTrue(karma.isUpdater(updater));
        vm.expectRevert(abi.encodeWithSelector(IKarmaRegistry.KarmaRegistryNotUpdater.selector, address(escrow)));
        vm.prank(address(escrow));
        karma.recordOutcome(agent, codeReview, WAD, WAD);
    }

    function test_setUpdater_grantAfterRevokingTheFirstUpdater() public {
        vm.startPrank(owner);
        karma.setUpdater(address(escrow), false);
        karma.setUpdater(other, true);
        vm.stopPrank();
        assertTrue(karma.isUpdater(other));
        assertFalse(karma.isUpdater(address(escrow)));
        vm.prank(other);
        karma.recordOutcome(agent, codeReview, WAD, WAD);
        // Regranting the escrow works too.
        vm.prank(owner);
        karma.setUpdater(address(escrow), true);
        vm.prank(address(escrow));
        karma.recordOutcome(agent, codeReview, WAD, WAD);
        assertEq(karma.karmaOf(agent, codeReview), 0.19e18);
    }

    function test_setUpdater_grantingTwiceThenRevokingOnceRevokes() public {
        vm.startPrank(owner);
        karma.setUpdater(address(escrow), true);
        karma.setUpdater(updater, true);
        karma.setUpdater(address(escrow), false);
        karma.setUpdater(updater, false);
        vm.stopPrank();
        assertFalse(karma.isUpdater(address(escrow)));
        assertFalse(karma.isUpdater(updater));
    }

    /// @dev BUG (view): with no first-granted updater stored, `isUpdater(address(0))` compares
    /// address(0) with the empty slot and answers true.
    function test_isUpdater_falseForTheZeroAddress() public {
        KarmaRegistry fresh = new KarmaRegistry(owner, guardian);
        assertFalse(fresh.isUpdater(address(0)));
        vm.prank(owner);
        karma.setUpdater(address(escrow), false);
        assertFalse(karma.isUpdater(address(0)));
    }

    function testFuzz_setUpdater_isUpdaterFollowsTheLastGrantOrRevoke(uint256 seed) public {
        address[4] memory accounts = [address(escrow), address(jury), updater, other];
        bool[4] memory model = [true, true, true, false];
        for (uint256 i; i < 24; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            uint256 k = r % 4;
            bool allowed = (r >> 8) & 1 == 1;
            vm.expectEmit(address(karma));
            emit IKarmaRegistry.UpdaterSet(accounts[k], allowed);
            vm.prank(owner);
            karma.setUpdater(accounts[k], allowed);
            model[k] = allowed;
            for (uint256 j; j < 4; ++j) {
                assertEq(karma.isUpdater(accounts[j]), model[j]);
            }
        }
        for (uint256 j; j < 4; ++j) {
            if (!model[j]) {
                vm.expectRevert(abi.encodeWithSelector(IKarmaRegistry.KarmaRegistryNotUpdater.selector, accounts[j]));
            }
            vm.prank(accounts[j]);
            karma.recordOutcome(agent, codeReview, WAD, WAD);
        }
    }

    function test_setUpdater_fixtureAuthorisesEscrowAndJury() public view {
        assertTrue(karma.isUpdater(address(escrow)));
        assertTrue(karma.isUpdater(address(jury)));
        assertFalse(karma.isUpdater(stranger));
    }

    // ---------------------------------------------------------------- setAlpha

    function test_setAlpha_updatesAndEmits() public {
        vm.expectEmit(address(karma));
        emit IKarmaRegistry.AlphaSet(0.25e18);
        vm.prank(owner);
        karma.setAlpha(0.25e18);
        assertEq(karma.alpha(), 0.25e18);
        _record(agent, codeReview, WAD, WAD);
        assertEq(karma.karmaOf(agent, codeReview), 0.25e18);
    }

    function test_setAlpha_acceptsOne() public {
        vm.prank(owner);
        karma.setAlpha(WAD);
        _record(agent, codeReview, 0.42e18, WAD);
        assertEq(karma.karmaOf(agent, codeReview), 0.42e18);
    }

    function test_setAlpha_acceptsSmallestStep() public {
        vm.prank(owner);
        karma.setAlpha(1e6);
        assertEq(karma.alpha(), 1e6);
    }

    function test_setAlpha_revertsOffTheStep() public {
        vm.expectRevert(abi.encodeWithSelector(IKarmaRegistry.KarmaRegistryValueOutOfRange.selector, 1));
        vm.prank(owner);
        karma.setAlpha(1);
        vm.expectRevert(abi.encodeWithSelector(IKarmaRegistry.KarmaRegistryValueOutOfRange.selector, 0.1e18 + 1));
        vm.prank(owner);
        karma.setAlpha(0.1e18 + 1);
    }

    function testFuzz_setAlpha_acceptsExactlyTheStepsInRange(uint64 newAlpha) public {
        bool valid = newAlpha != 0 && newAlpha <= WAD && newAlpha % 1e6 == 0;
        if (!valid) {
            vm.expectRevert(abi.encodeWithSelector(IKarmaRegistry.KarmaRegistryValueOutOfRange.selector, newAlpha));
        }
        vm.prank(owner);
        karma.setAlpha(newAlpha);
        assertEq(karma.alpha(), valid ? newAlpha : ALPHA);
        assertEq(karma.halfLife(), HALF_LIFE, "packed neighbour intact");
        assertEq(karma.dimensionCount(), builtInAndBaseCount, "packed neighbour intact");
    }

    function test_setAlpha_revertsOnZero() public {
        vm.expectRevert(abi.encodeWithSelector(IKarmaRegistry.KarmaRegistryValueOutOfRange.selector, 0));
        vm.prank(owner);
        karma.setAlpha(0);
    }

    function test_setAlpha_revertsAboveOne() public {
        vm.expectRevert(abi.encodeWithSelector(IKarmaRegistry.KarmaRegistryValueOutOfRange.selector, WAD + 1));
        vm.prank(owner);
        karma.setAlpha(WAD + 1);
    }

    function test_setAlpha_revertsForStranger() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        karma.setAlpha(0.2e18);
    }

    // ---------------------------------------------------------------- setHalfLife

    function test_setHalfLife_updatesAndEmits() public {
        vm.expectEmit(address(karma));
        emit IKarmaRegistry.HalfLifeSet(30 days);
        vm.prank(owner);
        karma.setHalfLife(30 days);
        assertEq(karma.halfLife(), 30 days);
    }

    function test_setHalfLife_appliesToReadsOfExistingValues() public {
        _record(agent, codeReview, WAD, WAD); // 0.1
        vm.warp(block.timestamp + 30 days);
        vm.prank(owner);
        karma.setHalfLife(30 days);
        assertEq(karma.karmaOf(agent, codeReview), 0.05e18);
    }

    function test_setHalfLife_acceptsMaximum() public {
        vm.prank(owner);
        karma.setHalfLife(MAX_HALF_LIFE);
        assertEq(karma.halfLife(), MAX_HALF_LIFE);
    }

    function test_setHalfLife_revertsOnZero() public {
        vm.expectRevert(abi.encodeWithSelector(IKarmaRegistry.KarmaRegistryInvalidHalfLife.selector, 0));
        vm.prank(owner);
        karma.setHalfLife(0);
    }

    function test_setHalfLife_revertsAboveMaximum() public {
        vm.expectRevert(
            abi.encodeWithSelector(IKarmaRegistry.KarmaRegistryInvalidHalfLife.selector, MAX_HALF_LIFE + 1)
        );
        vm.prank(owner);
        karma.setHalfLife(MAX_HALF_LIFE + 1);
    }

    function test_setHalfLife_revertsForStranger() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        karma.setHalfLife(1 days);
    }

    // ---------------------------------------------------------------- setTrustDepth

    function test_setTrustDepth_storesPerAgentAndEmits() public {
        vm.expectEmit(address(karma));
        emit IKarmaRegistry.TrustDepthSet(agent, 3);
        vm.prank(agent);
        karma.setTrustDepth(3);
        assertEq(karma.agentRecord(agent).trustDepth, 3);
        assertEq(karma.agentRecord(other).trustDepth, 0);

        vm.prank(agent);
        karma.setTrustDepth(0);
        assertEq(karma.agentRecord(agent).trustDepth, 0);
    }

    function test_setTrustDepth_keepsCounters() public {
        _task(agent, codeReview, true, WAD, address(0), 1 ether);
        vm.prank(agent);
        karma.setTrustDepth(type(uint8).max);
        IKarmaRegistry.AgentRecord memory r = karma.agentRecord(agent);
        assertEq(r.trustDepth, type(uint8).max);
        assertEq(r.tasksCompleted, 1);
        assertEq(r.totalEarnedNative, 1 ether);
        // And a later outcome keeps the trust depth.
        _task(agent, codeReview, false, 0, address(0), 0);
        assertEq(karma.agentRecord(agent).trustDepth, type(uint8).max);
    }

    function test_setTrustDepth_revertsWhenPaused() public {
        vm.prank(guardian);
        karma.pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(agent);
        karma.setTrustDepth(2);
    }

    // ---------------------------------------------------------------- recordOutcome

    function test_recordOutcome_movesTenPercentTowardOutcome() public {
        _record(agent, codeReview, WAD, WAD);
        assertEq(karma.karmaOf(agent, codeReview), 0.1e18);
        _record(agent, codeReview, WAD, WAD);
        assertEq(karma.karmaOf(agent, codeReview), 0.19e18);
        _record(agent, codeReview, WAD, WAD);
        assertEq(karma.karmaOf(agent, codeReview), 0.271e18);
        _record(agent, codeReview, 0, WAD);
        assertEq(karma.karmaOf(agent, codeReview), 0.2439e18);
    }

    function test_recordOutcome_emitsPreviousAndNewValue() public {
        _record(agent, codeReview, WAD, WAD);
        vm.expectEmit(address(karma));
        emit IKarmaRegistry.KarmaUpdated(agent, codeReview, 0.1e18, 0.145e18, 0.55e18);
        _record(agent, codeReview, 0.55e18, WAD);
    }

    function test_recordOutcome_storesValueAndTimestamp() public {
        vm.warp(1_000_000);
        _record(agent, codeReview, WAD, WAD);
        (uint64 value, uint40 updatedAt) = karma.storedKarma(agent, codeReview);
        assertEq(value, 0.1e18);
        assertEq(updatedAt, 1_000_000);
    }

    function test_recordOutcome_weightAttenuatesTheStep() public {
        _record(agent, codeReview, WAD, 0.5e18);
        assertEq(karma.karmaOf(agent, codeReview), 0.05e18);
        _record(agent, codeReview, WAD, 0.25e18);
        // rate = 0.1 * 0.25 = 0.025: 0.05 + 0.95 * 0.025
        assertEq(karma.karmaOf(agent, codeReview), 0.07375e18);
    }

    function test_recordOutcome_zeroWeightKeepsValueButRefreshesTimestamp() public {
        _record(agent, codeReview, WAD, WAD);
        vm.warp(block.timestamp + 10 days);
        uint64 decayed = karma.karmaOf(agent, codeReview);
        vm.expectEmit(address(karma));
        emit IKarmaRegistry.KarmaUpdated(agent, codeReview, decayed, decayed, WAD);
        _record(agent, codeReview, WAD, 0);
        (uint64 value, uint40 updatedAt) = karma.storedKarma(agent, codeReview);
        assertEq(value, decayed);
        assertEq(updatedAt, block.timestamp);
    }

    function test_recordOutcome_startsFromTheDimensionsBaseline() public {
        uint16 dim = _define("accuracy.seeded", 0.5e18);
        vm.expectEmit(address(karma));
        emit IKarmaRegistry.KarmaUpdated(agent, dim, 0.5e18, 0.55e18, WAD);
        _record(agent, dim, WAD, WAD);
        assertEq(karma.karmaOf(agent, dim), 0.55e18);
    }

    function test_recordOutcome_worksForEveryBuiltInDimension() public {
        for (uint16 d = 1; d <= 4; ++d) {
            _record(agent, d, WAD, WAD);
        }
        for (uint16 d = 1; d <= 4; ++d) {
            assertEq(karma.karmaOf(agent, d), 0.1e18);
        }
    }

    function test_recordOutcome_appliesDecayBeforeTheStep() public {
        _record(agent, codeReview, WAD, WAD); // 0.1
        vm.warp(block.timestamp + HALF_LIFE); // decays to 0.05
        vm.expectEmit(address(karma));
        emit IKarmaRegistry.KarmaUpdated(agent, codeReview, 0.05e18, 0.145e18, WAD);
        _record(agent, codeReview, WAD, WAD);
    }

    function test_recordOutcome_revertsForNonUpdater() public {
        vm.expectRevert(abi.encodeWithSelector(IKarmaRegistry.KarmaRegistryNotUpdater.selector, stranger));
        vm.prank(stranger);
        karma.recordOutcome(agent, codeReview, WAD, WAD);
    }

    function test_recordOutcome_revertsForOwner() public {
        vm.expectRevert(abi.encodeWithSelector(IKarmaRegistry.KarmaRegistryNotUpdater.selector, owner));
        vm.prank(owner);
        karma.recordOutcome(agent, codeReview, WAD, WAD);
    }

    function test_recordOutcome_revertsOnDimensionZero() public {
        vm.expectRevert(abi.encodeWithSelector(IKarmaRegistry.KarmaRegistryUnknownDimension.selector, 0));
        _record(agent, 0, WAD, WAD);
    }

    function test_recordOutcome_revertsOnUndefinedDimension() public {
        uint16 dim = builtInAndBaseCount + 1;
        vm.expectRevert(abi.encodeWithSelector(IKarmaRegistry.KarmaRegistryUnknownDimension.selector, dim));
        _record(agent, dim, WAD, WAD);
    }

    function test_recordOutcome_revertsOnOutcomeAboveOne() public {
        vm.expectRevert(abi.encodeWithSelector(IKarmaRegistry.KarmaRegistryValueOutOfRange.selector, WAD + 1));
        _record(agent, codeReview, WAD + 1, WAD);
    }

    function test_recordOutcome_revertsOnWeightAboveOne() public {
        vm.expectRevert(abi.encodeWithSelector(IKarmaRegistry.KarmaRegistryValueOutOfRange.selector, WAD + 1));
        _record(agent, codeReview, WAD, WAD + 1);
    }

    function test_recordOutcome_worksWhilePaused() public {
        vm.prank(guardian);
        karma.pause();
        _record(agent, codeReview, WAD, WAD);
        assertEq(karma.karmaOf(agent, codeReview), 0.1e18);
    }

    function test_recordOutcome_reachesOneAfterEnoughSuccessesAndNeverExceedsIt() public {
        vm.prank(owner);
        karma.setAlpha(0.5e18);
        for (uint256 i; i < 80; ++i) {
            _record(agent, codeReview, WAD, WAD);
            assertLe(karma.karmaOf(agent, codeReview), WAD);
        }
        assertEq(karma.karmaOf(agent, codeReview), WAD - 1);
        vm.prank(owner);
        karma.setAlpha(WAD);
        _record(agent, codeReview, WAD, WAD);
        assertEq(karma.karmaOf(agent, codeReview), WAD);
    }

    function testFuzz_recordOutcome_matchesEmaFormula(
        uint64 outcome1,
        uint64 outcome2,
        uint64 weight1,
        uint64 weight2,
        uint64 newAlpha
    ) public {
        outcome1 = uint64(bound(outcome1, 0, WAD));
        outcome2 = uint64(bound(outcome2, 0, WAD));
        weight1 = uint64(bound(weight1, 0, WAD));
        weight2 = uint64(bound(weight2, 0, WAD));
        newAlpha = uint64(bound(newAlpha, 1, 1e12)) * 1e6;
        vm.prank(owner);
        karma.setAlpha(newAlpha);

        _record(agent, codeReview, outcome1, weight1);
        uint64 expected = _ema(0, outcome1, (uint256(newAlpha) * weight1) / WAD);
        assertEq(karma.karmaOf(agent, codeReview), expected);

        _record(agent, codeReview, outcome2, weight2);
        expected = _ema(expected, outcome2, (uint256(newAlpha) * weight2) / WAD);
        assertEq(karma.karmaOf(agent, codeReview), expected);
    }

    // ---------------------------------------------------------------- shared storage slots

    function test_sharedSlot_taskCompletionAndResponseTimeAreIndependent() public {
        _record(agent, TASK_COMPLETION, WAD, WAD);
        vm.warp(block.timestamp + 1 days);
        _record(agent, RESPONSE_TIME, 0.5e18, WAD);
        (uint64 v2, uint40 t2) = karma.storedKarma(agent, TASK_COMPLETION);
        (uint64 v3, uint40 t3) = karma.storedKarma(agent, RESPONSE_TIME);
        assertEq(v2, 0.1e18);
        assertEq(t2, block.timestamp - 1 days);
        assertEq(v3, 0.05e18);
        assertEq(t3, block.timestamp);
    }

    function test_sharedSlot_pairMatesKeepTheirOwnBaselines() public {
        // Defined in order, so the two land in the same pair (ids 8 and 9 -> pair 4).
        uint16 low = _define("pair.low", 0.2e18);
        uint16 high = _define("pair.high", 0.9e18);
        assertEq(low >> 1, high >> 1);
        _record(agent, low, WAD, WAD);
        _record(agent, high, 0, WAD);
        vm.warp(block.timestamp + 64 * uint256(HALF_LIFE));
        assertEq(karma.karmaOf(agent, low), 0.2e18);
        assertEq(karma.karmaOf(agent, high), 0.9e18);
    }

    function testFuzz_sharedSlot_dimensionsDoNotClobberEachOther(
        uint16 a,
        uint16 b,
        uint64 outcomeA,
        uint64 outcomeB,
        uint64 weightB,
        uint32 gap
    ) public {
        for (uint256 i; i < 6; ++i) {
            _define(string.concat("extra.", vm.toString(i)), uint64(i) * 0.15e18);
        }
        uint16 count = karma.dimensionCount();
        a = uint16(bound(a, 1, count));
        b = uint16(bound(b, 1, count));
        vm.assume(a != b);
        outcomeA = uint64(bound(outcomeA, 0, WAD));
        outcomeB = uint64(bound(outcomeB, 0, WAD));
        weightB = uint64(bound(weightB, 0, WAD));

        _record(agent, a, outcomeA, WAD);
        (uint64 valueA, uint40 timeA) = karma.storedKarma(agent, a);
        vm.warp(block.timestamp + bound(gap, 1, 365 days));
        uint64 readA = karma.karmaOf(agent, a);
        uint64 expectedB = _ema(karma.karmaOf(agent, b), outcomeB, (uint256(ALPHA) * weightB) / WAD);

        _record(agent, b, outcomeB, weightB);
        (uint64 valueAAfter, uint40 timeAAfter) = karma.storedKarma(agent, a);
        assertEq(valueAAfter, valueA);
        assertEq(timeAAfter, timeA);
        assertEq(karma.karmaOf(agent, a), readA);
        assertEq(karma.karmaOf(agent, b), expectedB);
    }

    function testFuzz_sharedSlot_pairMatesDoNotClobberEachOther(
        uint16 pair,
        uint64 outcomeLow,
        uint64 outcomeHigh,
        bool highFirst
    ) public {
        for (uint256 i; i < 6; ++i) {
            _define(string.concat("extra.", vm.toString(i)), uint64(i) * 0.1e18);
        }
        // Pairs 1..(count - 1) / 2 hold two defined dimensions: 2p (low half) and 2p + 1 (high half).
        pair = uint16(bound(pair, 1, (karma.dimensionCount() - 1) / 2));
        uint16 low = pair * 2;
        uint16 high = low + 1;
        outcomeLow = uint64(bound(outcomeLow, 0, WAD));
        outcomeHigh = uint64(bound(outcomeHigh, 0, WAD));
        uint64 expectedLow = _ema(karma.karmaOf(agent, low), outcomeLow, ALPHA);
        uint64 expectedHigh = _ema(karma.karmaOf(agent, high), outcomeHigh, ALPHA);
        if (highFirst) {
            _record(agent, high, outcomeHigh, WAD);
            _record(agent, low, outcomeLow, WAD);
        } else {
            _record(agent, low, outcomeLow, WAD);
            _record(agent, high, outcomeHigh, WAD);
        }
        assertEq(karma.karmaOf(agent, low), expectedLow);
        assertEq(karma.karmaOf(agent, high), expectedHigh);
        // Another agent's slot is untouched.
        assertEq(karma.karmaOf(other, low), karma.dimension(low).baseline);
        assertEq(karma.karmaOf(other, high), karma.dimension(high).baseline);
    }

    // ---------------------------------------------------------------- decay on read

    function test_karmaOf_afterOneHalfLifeIsHalfTheDistance() public {
        _record(agent, codeReview, WAD, WAD); // 0.1
        vm.warp(block.timestamp + HALF_LIFE);
        assertEq(karma.karmaOf(agent, codeReview), 0.05e18);
        // storedKarma is the raw, undecayed value.
        (uint64 value, ) = karma.storedKarma(agent, codeReview);
        assertEq(value, 0.1e18);
    }

    function test_karmaOf_afterOneHalfLifeHalvesDistanceToNonZeroBaseline() public {
        uint16 dim = _define("accuracy.seeded", 0.5e18);
        _record(agent, dim, WAD, WAD); // 0.55
        vm.warp(block.timestamp + HALF_LIFE);
        uint64 actual = karma.karmaOf(agent, dim);
        assertApproxEqRel(actual - 0.5e18, 0.025e18, 1e9);
        assertEq(actual, 0.525e18);
    }

    function test_karmaOf_partialHalfLifeMatchesPowerOfTwo() public {
        _record(agent, codeReview, WAD, WAD); // 0.1
        vm.warp(block.timestamp + HALF_LIFE / 3);
        // 0.1 * 2^(-1/3) = 0.1 * 0.793700525984099737
        assertApproxEqRel(karma.karmaOf(agent, codeReview), 79370052598409973, 1e9);
    }

    function test_karmaOf_afterSixtyFourHalfLivesIsBaseline() public {
        uint16 dim = _define("accuracy.seeded", 0.3e18);
        _record(agent, dim, WAD, WAD);
        _record(agent, codeReview, WAD, WAD);
        vm.warp(block.timestamp + 64 * uint256(HALF_LIFE));
        assertEq(karma.karmaOf(agent, dim), 0.3e18);
        assertEq(karma.karmaOf(agent, codeReview), 0);
        vm.warp(block.timestamp + 1000 * uint256(HALF_LIFE));
        assertEq(karma.karmaOf(agent, codeReview), 0);
    }

    function test_karmaOf_valueBelowBaselineRisesTowardIt() public {
        uint16 dim = _define("accuracy.seeded", 0.6e18);
        _record(agent, dim, 0, WAD); // 0.54
        assertEq(karma.karmaOf(agent, dim), 0.54e18);
        vm.warp(block.timestamp + HALF_LIFE);
        assertEq(karma.karmaOf(agent, dim), 0.57e18);
        vm.warp(block.timestamp + 63 * uint256(HALF_LIFE));
        assertEq(karma.karmaOf(agent, dim), 0.6e18);
    }

    function test_karmaOf_neverWrittenReadsBaselineForever() public {
        uint16 dim = _define("accuracy.seeded", 0.7e18);
        assertEq(karma.karmaOf(agent, dim), 0.7e18);
        vm.warp(block.timestamp + 100 * uint256(HALF_LIFE));
        assertEq(karma.karmaOf(agent, dim), 0.7e18);
    }

    function test_karmaOf_undefinedDimensionReadsZero() public view {
        assertEq(karma.karmaOf(agent, 0), 0);
        assertEq(karma.karmaOf(agent, builtInAndBaseCount + 1), 0);
    }

    function testFuzz_karmaOf_decaysMonotonicallyTowardBaseline(
        uint64 baselineUnits,
        uint8 rounds,
        bool up,
        uint32 t1,
        uint32 t2
    ) public {
        uint64 baseline = uint64(bound(baselineUnits, 0, 1e6)) * 1e12;
        uint16 dim = _define("fuzz.decay", baseline);
        rounds = uint8(bound(rounds, 1, 40));
        for (uint256 i; i < rounds; ++i) {
            _record(agent, dim, up ? WAD : 0, WAD);
        }
        (uint64 stored, ) = karma.storedKarma(agent, dim);
        uint256 start = block.timestamp;
        uint256 e1 = bound(t1, 0, 20 * uint256(HALF_LIFE));
        uint256 e2 = bound(t2, e1, 20 * uint256(HALF_LIFE));

        vm.warp(start + e1);
        uint64 v1 = karma.karmaOf(agent, dim);
        vm.warp(start + e2);
        uint64 v2 = karma.karmaOf(agent, dim);

        uint64 lo = stored < baseline ? stored : baseline;
        uint64 hi = stored < baseline ? baseline : stored;
        assertGe(v1, lo);
        assertLe(v1, hi);
        assertGe(v2, lo);
        assertLe(v2, hi);
        uint256 d1 = v1 > baseline ? v1 - baseline : baseline - v1;
        uint256 d2 = v2 > baseline ? v2 - baseline : baseline - v2;
        assertLe(d2, d1 + 1); // one wei of exp2Neg rounding
    }

    // ---------------------------------------------------------------- recordTaskOutcome

    /// @dev The non-indexed fields of TaskOutcomeRecorded, decoded from the one log karma emitted.
    struct Outcome {
        bool success;
        uint64 domainKarma;
        uint64 taskCompletion;
        uint64 responseTime;
        uint32 tasksCompleted;
        uint32 tasksFailed;
        address asset;
        uint256 earned;
        uint256 totalEarned;
    }

    /// @dev Records a task outcome and returns its single TaskOutcomeRecorded event, checking
    /// that karma emitted nothing else (it stands for the per-dimension KarmaUpdated events).
    function _taskLogged(
        address who,
        uint16 domain,
        bool success,
        uint64 responseScore,
        address asset,
        uint256 amount
    ) internal returns (Outcome memory o) {
        vm.recordLogs();
        _task(who, domain, success, responseScore, asset, amount);
        Vm.Log[] memory logs = vm.getRecordedLogs();
        assertEq(_countFrom(logs, address(karma)), 1, "one event per settled task");
        assertEq(_countLogs(logs, KARMA_UPDATED), 0);
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].emitter != address(karma)) continue;
            assertEq(logs[i].topics[0], TASK_OUTCOME_RECORDED);
            assertEq(logs[i].topics[1], bytes32(uint256(uint160(who))));
            assertEq(logs[i].topics[2], bytes32(uint256(domain)));
            // A struct of static fields is encoded exactly like the tuple of those fields.
            o = abi.decode(logs[i].data, (Outcome));
        }
    }

    function test_recordTaskOutcome_successUpdatesKarmaCountersAndEarnings() public {
        vm.expectEmit(address(karma));
        emit IKarmaRegistry.TaskOutcomeRecorded(
            agent,
            codeReview,
            true,
            0.1e18,
            0.1e18,
            0.07e18,
            1,
            0,
            address(0),
            1 ether,
            1 ether
        );
        _task(agent, codeReview, true, 0.7e18, address(0), 1 ether);

        assertEq(karma.karmaOf(agent, codeReview), 0.1e18);
        assertEq(karma.karmaOf(agent, TASK_COMPLETION), 0.1e18);
        assertEq(karma.karmaOf(agent, RESPONSE_TIME), 0.07e18);
        assertEq(karma.karmaOf(agent, simulation), 0);
        IKarmaRegistry.AgentRecord memory r = karma.agentRecord(agent);
        assertEq(r.tasksCompleted, 1);
        assertEq(r.tasksFailed, 0);
        assertEq(r.totalEarnedNative, 1 ether);
        assertEq(karma.earned(agent, address(0)), 1 ether);
    }

    function test_recordTaskOutcome_emitsOneEventAndNoKarmaUpdated() public {
        Outcome memory o = _taskLogged(agent, codeReview, true, WAD, address(0), 1 ether);
        assertTrue(o.success);
        assertEq(o.domainKarma, karma.karmaOf(agent, codeReview));
        assertEq(o.taskCompletion, karma.karmaOf(agent, TASK_COMPLETION));
        assertEq(o.responseTime, karma.karmaOf(agent, RESPONSE_TIME));
    }

    function test_recordTaskOutcome_failureLowersKarmaAndLeavesResponseTime() public {
        _task(agent, codeReview, true, 0.7e18, address(0), 1 ether);
        vm.warp(block.timestamp + 1 hours);
        (uint64 rtBefore, uint40 rtTimeBefore) = karma.storedKarma(agent, RESPONSE_TIME);
        uint64 rtDecayed = karma.karmaOf(agent, RESPONSE_TIME);
        uint64 domainBefore = karma.karmaOf(agent, codeReview);
        uint64 completionBefore = karma.karmaOf(agent, TASK_COMPLETION);

        Outcome memory o = _taskLogged(agent, codeReview, false, WAD, address(0), 5 ether);
        assertFalse(o.success);
        assertEq(o.domainKarma, _ema(domainBefore, 0, ALPHA));
        assertEq(o.taskCompletion, _ema(completionBefore, 0, ALPHA));
        assertEq(o.responseTime, rtDecayed, "response time reported as read, not stepped");
        assertEq(o.tasksCompleted, 1);
        assertEq(o.tasksFailed, 1);
        assertEq(o.earned, 0, "failures earn nothing");

        (uint64 rtAfter, uint40 rtTimeAfter) = karma.storedKarma(agent, RESPONSE_TIME);
        assertEq(rtAfter, rtBefore);
        assertEq(rtTimeAfter, rtTimeBefore);
        assertEq(karma.karmaOf(agent, codeReview), _ema(domainBefore, 0, ALPHA));
        assertEq(karma.karmaOf(agent, TASK_COMPLETION), _ema(completionBefore, 0, ALPHA));
        IKarmaRegistry.AgentRecord memory r = karma.agentRecord(agent);
        assertEq(r.tasksCompleted, 1);
        assertEq(r.tasksFailed, 1);
        assertEq(r.totalEarnedNative, 1 ether, "failures earn nothing");
    }

    function test_recordTaskOutcome_tokenEarningsAccumulatePerAsset() public {
        vm.expectEmit(address(karma));
        emit IKarmaRegistry.TaskOutcomeRecorded(
            agent,
            codeReview,
            true,
            0.1e18,
            0.1e18,
            0.1e18,
            1,
            0,
            address(token),
            100e18,
            100e18
        );
        _task(agent, codeReview, true, WAD, address(token), 100e18);
        Outcome memory o = _taskLogged(agent, simulation, true, WAD, address(token), 50e18);
        assertEq(o.asset, address(token));
        assertEq(o.earned, 50e18);
        assertEq(o.totalEarned, 150e18);

        assertEq(karma.earned(agent, address(token)), 150e18);
        assertEq(karma.earned(agent, address(0)), 0);
        assertEq(karma.agentRecord(agent).totalEarnedNative, 0);
        assertEq(karma.earned(other, address(token)), 0);
        assertEq(karma.agentRecord(agent).tasksCompleted, 2);
    }

    function test_recordTaskOutcome_nativeEarningsAccumulate() public {
        _task(agent, codeReview, true, WAD, address(0), 1 ether);
        Outcome memory o = _taskLogged(agent, codeReview, true, WAD, address(0), 2 ether);
        assertEq(o.earned, 2 ether);
        assertEq(o.totalEarned, 3 ether);
        assertEq(karma.earned(agent, address(0)), 3 ether);
    }

    function test_recordTaskOutcome_zeroNativeEarningsReportTheRunningTotal() public {
        _task(agent, codeReview, true, WAD, address(0), 1 ether);
        Outcome memory o = _taskLogged(agent, codeReview, true, WAD, address(0), 0);
        assertEq(o.earned, 0);
        assertEq(o.totalEarned, 1 ether);
        assertEq(karma.earned(agent, address(0)), 1 ether);
    }

    /// @dev BUG (event consistency): `totalEarned` is the running total for a native success,
    /// but 0 for a token success that earned nothing and for every failure, although the agent's
    /// total in that asset is unchanged. An indexer that mirrors `totalEarned` resets the total.
    function test_recordTaskOutcome_eventTotalEarnedIsAlwaysTheRunningTotal() public {
        _task(agent, codeReview, true, WAD, address(token), 100e18);
        _task(agent, codeReview, true, WAD, address(0), 1 ether);

        Outcome memory o = _taskLogged(agent, codeReview, true, WAD, address(token), 0);
        assertEq(o.totalEarned, karma.earned(agent, address(token)), "token success, nothing earned");
        o = _taskLogged(agent, codeReview, false, 0, address(token), 0);
        assertEq(o.totalEarned, karma.earned(agent, address(token)), "token failure");
        o = _taskLogged(agent, codeReview, false, 0, address(0), 0);
        assertEq(o.totalEarned, karma.earned(agent, address(0)), "native failure");
    }

    function test_recordTaskOutcome_responseScoreMovesResponseTimeOnSuccess() public {
        _task(agent, codeReview, true, 0, address(0), 0);
        assertEq(karma.karmaOf(agent, RESPONSE_TIME), 0);
        _task(agent, codeReview, true, WAD, address(0), 0);
        assertEq(karma.karmaOf(agent, RESPONSE_TIME), 0.1e18);
        _task(agent, codeReview, true, 0.5e18, address(0), 0);
        assertEq(karma.karmaOf(agent, RESPONSE_TIME), 0.14e18);
    }

    function test_recordTaskOutcome_usesAlphaWithoutAttenuation() public {
        vm.prank(owner);
        karma.setAlpha(0.3e18);
        _task(agent, codeReview, true, WAD, address(0), 0);
        assertEq(karma.karmaOf(agent, codeReview), 0.3e18);
        assertEq(karma.karmaOf(agent, TASK_COMPLETION), 0.3e18);
        assertEq(karma.karmaOf(agent, RESPONSE_TIME), 0.3e18);
    }

    function test_recordTaskOutcome_domainInPairZeroLeavesReliabilityPairIntact() public {
        _task(agent, JURY_RELIABILITY, true, 0.2e18, address(0), 0);
        assertEq(karma.karmaOf(agent, JURY_RELIABILITY), 0.1e18);
        assertEq(karma.karmaOf(agent, TASK_COMPLETION), 0.1e18);
        assertEq(karma.karmaOf(agent, RESPONSE_TIME), 0.02e18);
    }

    function test_recordTaskOutcome_domainSharingAPairWithAnotherDimensionKeepsIt() public {
        // codeReview (5) shares pair 2 with GOVERNANCE (4).
        assertEq(codeReview >> 1, GOVERNANCE >> 1);
        _record(agent, GOVERNANCE, WAD, WAD);
        (uint64 govBefore, uint40 govTime) = karma.storedKarma(agent, GOVERNANCE);
        vm.warp(block.timestamp + 1 days);
        _task(agent, codeReview, true, WAD, address(0), 0);
        (uint64 govAfter, uint40 govTimeAfter) = karma.storedKarma(agent, GOVERNANCE);
        assertEq(govAfter, govBefore);
        assertEq(govTimeAfter, govTime);
        assertEq(karma.karmaOf(agent, codeReview), 0.1e18);
    }

    function test_recordTaskOutcome_domainTaskCompletionStepsTwiceInOneWrite() public {
        Outcome memory o = _taskLogged(agent, TASK_COMPLETION, true, WAD, address(0), 0);
        assertEq(o.domainKarma, 0.1e18);
        assertEq(o.taskCompletion, 0.19e18);
        assertEq(o.responseTime, 0.1e18);
        assertEq(karma.karmaOf(agent, TASK_COMPLETION), 0.19e18);
        assertEq(karma.karmaOf(agent, RESPONSE_TIME), 0.1e18);
    }

    function test_recordTaskOutcome_domainResponseTimeKeepsBothUpdates() public {
        Outcome memory o = _taskLogged(agent, RESPONSE_TIME, true, 0.5e18, address(0), 0);
        // Domain step: 0 -> 0.1; response step from 0.1 toward 0.5: 0.14.
        assertEq(o.domainKarma, 0.1e18);
        assertEq(o.taskCompletion, 0.1e18);
        assertEq(o.responseTime, 0.14e18);
        assertEq(karma.karmaOf(agent, TASK_COMPLETION), 0.1e18);
        assertEq(karma.karmaOf(agent, RESPONSE_TIME), 0.14e18);
    }

    function test_recordTaskOutcome_failureWithDomainResponseTimeReportsTheDomainStep() public {
        _task(agent, codeReview, true, WAD, address(0), 0); // response time 0.1
        Outcome memory o = _taskLogged(agent, RESPONSE_TIME, false, WAD, address(0), 0);
        assertEq(o.domainKarma, 0.09e18);
        assertEq(o.responseTime, 0.09e18);
        assertEq(karma.karmaOf(agent, RESPONSE_TIME), 0.09e18);
        assertEq(karma.karmaOf(agent, TASK_COMPLETION), 0.09e18);
    }

    function test_recordTaskOutcome_appliesDecayBeforeTheStep() public {
        _task(agent, codeReview, true, WAD, address(0), 0);
        vm.warp(block.timestamp + HALF_LIFE);
        vm.expectEmit(address(karma));
        emit IKarmaRegistry.TaskOutcomeRecorded(
            agent,
            codeReview,
            true,
            0.145e18,
            0.145e18,
            0.145e18,
            2,
            0,
            address(0),
            0,
            0
        );
        _task(agent, codeReview, true, WAD, address(0), 0);
    }

    function test_recordTaskOutcome_revertsForNonUpdater() public {
        vm.expectRevert(abi.encodeWithSelector(IKarmaRegistry.KarmaRegistryNotUpdater.selector, stranger));
        vm.prank(stranger);
        karma.recordTaskOutcome(agent, codeReview, true, WAD, address(0), 1 ether);
    }

    function test_recordTaskOutcome_revertsOnUnknownDomain() public {
        uint16 dim = builtInAndBaseCount + 1;
        vm.expectRevert(abi.encodeWithSelector(IKarmaRegistry.KarmaRegistryUnknownDimension.selector, dim));
        _task(agent, dim, true, WAD, address(0), 0);
        vm.expectRevert(abi.encodeWithSelector(IKarmaRegistry.KarmaRegistryUnknownDimension.selector, 0));
        _task(agent, 0, true, WAD, address(0), 0);
    }

    function test_recordTaskOutcome_revertsOnResponseScoreAboveOne() public {
        vm.expectRevert(abi.encodeWithSelector(IKarmaRegistry.KarmaRegistryValueOutOfRange.selector, WAD + 1));
        _task(agent, codeReview, true, WAD + 1, address(0), 0);
    }

    function test_recordTaskOutcome_worksWhilePaused() public {
        vm.prank(guardian);
        karma.pause();
        _task(agent, codeReview, true, WAD, address(0), 1 ether);
        assertEq(karma.agentRecord(agent).tasksCompleted, 1);
    }

    function testFuzz_recordTaskOutcome_countersAndEarningsTrackOutcomes(uint256 seed, uint8 steps) public {
        steps = uint8(bound(steps, 1, 30));
        uint256 completed;
        uint256 failed;
        uint256 native;
        uint256 tokens;
        for (uint256 i; i < steps; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            bool success = r & 1 == 1;
            address asset = (r >> 1) & 1 == 1 ? address(token) : address(0);
            uint256 amount = (r >> 8) % 100 ether;
            _task(agent, codeReview, success, uint64((r >> 128) % (WAD + 1)), asset, amount);
            if (success) {
                ++completed;
                if (asset == address(token)) tokens += amount;
                else native += amount;
            } else {
                ++failed;
            }
        }
        IKarmaRegistry.AgentRecord memory rec = karma.agentRecord(agent);
        assertEq(rec.tasksCompleted, completed);
        assertEq(rec.tasksFailed, failed);
        assertEq(rec.totalEarnedNative, native);
        assertEq(karma.earned(agent, address(0)), native);
        assertEq(karma.earned(agent, address(token)), tokens);
    }

    function testFuzz_recordTaskOutcome_eventCarriesTheNewValues(
        uint16 domain,
        bool success,
        uint64 responseScore,
        uint32 gap,
        uint96 amount
    ) public {
        domain = uint16(bound(domain, 1, karma.dimensionCount()));
        responseScore = uint64(bound(responseScore, 0, WAD));
        _task(agent, codeReview, true, 0.6e18, address(0), 1 ether);
        _record(agent, domain, 0.8e18, WAD);
        vm.warp(block.timestamp + bound(gap, 0, 2 * uint256(HALF_LIFE)));
        Outcome memory o = _taskLogged(agent, domain, success, responseScore, address(0), amount);
        assertEq(o.success, success);
        assertEq(o.taskCompletion, karma.karmaOf(agent, TASK_COMPLETION));
        assertEq(o.responseTime, karma.karmaOf(agent, RESPONSE_TIME));
        if (domain != TASK_COMPLETION && domain != RESPONSE_TIME) {
            assertEq(o.domainKarma, karma.karmaOf(agent, domain));
        }
        assertEq(o.earned, success ? amount : 0);
        assertEq(karma.earned(agent, address(0)), success ? 1 ether + uint256(amount) : 1 ether);
    }

    // ---------------------------------------------------------------- range invariant

    function testFuzz_ema_staysInRange(uint256 seed, uint64 baselineUnits, uint64 newAlpha, uint32 newHalfLife) public {
        uint64 baseline = uint64(bound(baselineUnits, 0, 1e6)) * 1e12;
        newAlpha = uint64(bound(newAlpha, 1, 1e12)) * 1e6;
        newHalfLife = uint32(bound(newHalfLife, 1, MAX_HALF_LIFE));
        vm.startPrank(owner);
        karma.setAlpha(newAlpha);
        karma.setHalfLife(newHalfLife);
        vm.stopPrank();
        uint16 dim = _define("fuzz.range", baseline);
        uint16[4] memory watched = [dim, TASK_COMPLETION, RESPONSE_TIME, codeReview];

        for (uint256 i; i < 24; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            uint64 outcome = uint64((r >> 16) % (WAD + 1));
            uint64 weight = uint64((r >> 80) % (WAD + 1));
            uint256 op = r % 4;
            if (op == 0) {
                _record(agent, dim, outcome, weight);
            } else if (op == 1) {
                _record(agent, dim, (r >> 8) & 1 == 1 ? WAD : 0, WAD);
            } else if (op == 2) {
                _task(agent, (r >> 8) & 1 == 1 ? dim : codeReview, (r >> 9) & 1 == 1, outcome, address(0), 0);
            } else {
                vm.warp(block.timestamp + ((r >> 144) % (4 * uint256(newHalfLife) + 1)));
            }
            for (uint256 j; j < watched.length; ++j) {
                uint64 value = karma.karmaOf(agent, watched[j]);
                assertLe(value, WAD);
                (uint64 stored, ) = karma.storedKarma(agent, watched[j]);
                assertLe(stored, WAD);
            }
        }
    }

    // ---------------------------------------------------------------- checkRequirements

    function test_checkRequirements_passesWithNoRequirements() public view {
        karma.checkRequirements(other, _noRequirements(), _noSkills());
    }

    function test_checkRequirements_passesWhenEveryRequirementMet() public {
        _task(agent, codeReview, true, WAD, address(0), 0);
        _record(agent, python, WAD, WAD);
        IKarmaRegistry.KarmaRequirement[] memory reqs = new IKarmaRegistry.KarmaRequirement[](2);
        reqs[0] = IKarmaRegistry.KarmaRequirement({dimension: codeReview, minimum: 0.1e18}); // equality passes
        reqs[1] = IKarmaRegistry.KarmaRequirement({dimension: TASK_COMPLETION, minimum: 0.05e18});
        karma.checkRequirements(agent, reqs, _skills(python));
    }

    function test_checkRequirements_revertsWithActualAndMinimum() public {
        _task(agent, codeReview, true, WAD, address(0), 0);
        vm.expectRevert(
            abi.encodeWithSelector(
                IKarmaRegistry.KarmaRegistryRequirementNotMet.selector,
                agent,
                codeReview,
                0.1e18,
                0.1e18 + 1
            )
        );
        karma.checkRequirements(agent, _requirements(codeReview, 0.1e18 + 1), _noSkills());
    }

    function test_checkRequirements_reportsTheFirstFailingRequirement() public {
        _task(agent, codeReview, true, WAD, address(0), 0);
        IKarmaRegistry.KarmaRequirement[] memory reqs = new IKarmaRegistry.KarmaRequirement[](3);
        reqs[0] = IKarmaRegistry.KarmaRequirement({dimension: codeReview, minimum: 0.05e18});
        reqs[1] = IKarmaRegistry.KarmaRequirement({dimension: TASK_COMPLETION, minimum: 0.2e18});
        reqs[2] = IKarmaRegistry.KarmaRequirement({dimension: simulation, minimum: 0.5e18});
        vm.expectRevert(
            abi.encodeWithSelector(
                IKarmaRegistry.KarmaRegistryRequirementNotMet.selector,
                agent,
                TASK_COMPLETION,
                0.1e18,
                0.2e18
            )
        );
        karma.checkRequirements(agent, reqs, _noSkills());
    }

    function test_checkRequirements_newIdentityFailsAnyPositiveMinimum() public {
        vm.expectRevert(
            abi.encodeWithSelector(IKarmaRegistry.KarmaRegistryRequirementNotMet.selector, other, codeReview, 0, 1)
        );
        karma.checkRequirements(other, _requirements(codeReview, 1), _noSkills());
    }

    function test_checkRequirements_usesTheDecayedValue() public {
        _record(agent, codeReview, WAD, WAD); // 0.1
        karma.checkRequirements(agent, _requirements(codeReview, 0.1e18), _noSkills());
        vm.warp(block.timestamp + HALF_LIFE);
        vm.expectRevert(
            abi.encodeWithSelector(
                IKarmaRegistry.KarmaRegistryRequirementNotMet.selector,
                agent,
                codeReview,
                0.05e18,
                0.1e18
            )
        );
        karma.checkRequirements(agent, _requirements(codeReview, 0.1e18), _noSkills());
    }

    function test_checkRequirements_revertsForMissingSkillWithActualZero() public {
        vm.expectRevert(
            abi.encodeWithSelector(IKarmaRegistry.KarmaRegistryRequirementNotMet.selector, agent, python, 0, 1)
        );
        karma.checkRequirements(agent, _noRequirements(), _skills(python));
    }

    function test_checkRequirements_skillThatDecayedToZeroFails() public {
        _record(agent, python, WAD, WAD);
        karma.checkRequirements(agent, _noRequirements(), _skills(python));
        vm.warp(block.timestamp + 64 * uint256(HALF_LIFE));
        vm.expectRevert(
            abi.encodeWithSelector(IKarmaRegistry.KarmaRegistryRequirementNotMet.selector, agent, python, 0, 1)
        );
        karma.checkRequirements(agent, _noRequirements(), _skills(python));
    }

    function test_checkRequirements_skillWithPositiveBaselinePassesForNewIdentity() public {
        uint16 skill = _define("skill.seeded", 0.01e18);
        karma.checkRequirements(other, _noRequirements(), _skills(skill));
    }

    function test_checkRequirements_requirementsAreCheckedBeforeSkills() public {
        vm.expectRevert(
            abi.encodeWithSelector(IKarmaRegistry.KarmaRegistryRequirementNotMet.selector, agent, codeReview, 0, 0.5e18)
        );
        karma.checkRequirements(agent, _requirements(codeReview, 0.5e18), _skills(python));
    }

    function testFuzz_checkRequirements_revertsExactlyWhenBelowMinimum(uint8 rounds, uint64 minimum) public {
        rounds = uint8(bound(rounds, 0, 30));
        minimum = uint64(bound(minimum, 0, WAD));
        for (uint256 i; i < rounds; ++i) {
            _record(agent, codeReview, WAD, WAD);
        }
        uint64 actual = karma.karmaOf(agent, codeReview);
        if (actual < minimum) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    IKarmaRegistry.KarmaRegistryRequirementNotMet.selector,
                    agent,
                    codeReview,
                    actual,
                    minimum
                )
            );
        }
        karma.checkRequirements(agent, _requirements(codeReview, minimum), _noSkills());
    }

    // ---------------------------------------------------------------- views

    function test_dimension_revertsOnUnknownId() public {
        vm.expectRevert(abi.encodeWithSelector(IKarmaRegistry.KarmaRegistryUnknownDimension.selector, 0));
        karma.dimension(0);
        uint16 dim = builtInAndBaseCount + 1;
        vm.expectRevert(abi.encodeWithSelector(IKarmaRegistry.KarmaRegistryUnknownDimension.selector, dim));
        karma.dimension(dim);
    }

    function test_earned_isZeroForUnknownAgentAndAsset() public view {
        assertEq(karma.earned(other, address(0)), 0);
        assertEq(karma.earned(other, address(token)), 0);
    }
}
