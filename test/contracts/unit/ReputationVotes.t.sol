// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {Vm} from "forge-std/Vm.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReputationVotes} from "../../../contracts/governance/ReputationVotes.sol";
import {KarmaRegistry} from "../../../contracts/karma/KarmaRegistry.sol";
import {IKarmaRegistry} from "../../../contracts/interfaces/IKarmaRegistry.sol";
import {IReputationVotes} from "../../../contracts/interfaces/IReputationVotes.sol";

/// @notice A karma registry that answers any value, to reach the ledger's packing bounds.
contract OversizedKarma {
    uint256 public value;

    function set(uint256 newValue) external {
        value = newValue;
    }

    function karmaOf(address, uint16) external view returns (uint256) {
        return value;
    }
}

/// @notice Unit and fuzz tests of ReputationVotes: sync against a real KarmaRegistry (this test is
/// its owner and an updater, with alpha 1 so that a recorded outcome sets the value exactly),
/// delegation rules (cycles, depth from both ends, expiry, refusal), the incremental heights, the
/// history lookups, pause, and the gas of the governor's lookup.
contract ReputationVotesTest is Test {
    uint16 internal constant GOV = 4;
    uint256 internal constant T0 = 1_000_000;
    uint64 internal constant WAD = 1e18;

    KarmaRegistry internal karma;
    ReputationVotes internal votes;
    address internal owner = makeAddr("owner");
    address internal guardian = makeAddr("guardian");
    address internal stranger = makeAddr("stranger");
    address[10] internal acct;
    /// @dev The current time as the test set it: with via-IR, `block.timestamp` read after a
    /// `vm.warp` in the same function may be a stale, optimised-away copy.
    uint256 internal clock;

    function setUp() public {
        _warp(T0);
        karma = new KarmaRegistry(address(this), address(0));
        karma.setUpdater(address(this), true);
        karma.setAlpha(WAD);
        votes = new ReputationVotes(owner, guardian, karma, 4, 0);
        for (uint256 i; i < acct.length; ++i) {
            acct[i] = makeAddr(string.concat("account", vm.toString(i)));
        }
    }

    // ---------------------------------------------------------------- helpers

    function _setKarma(address who, uint64 value) internal {
        karma.recordOutcome(who, GOV, value, WAD);
    }

    function _give(address who, uint64 value) internal {
        _setKarma(who, value);
        votes.sync(who);
    }

    function _delegate(address from, address to) internal {
        vm.prank(from);
        votes.delegate(to, 0);
    }

    function _delegateUntil(address from, address to, uint40 expiry) internal {
        vm.prank(from);
        votes.delegate(to, expiry);
    }

    /// @dev acct[first] -> acct[first + 1] -> ... -> acct[last].
    function _chain(uint256 first, uint256 last) internal {
        for (uint256 i = first; i < last; ++i) {
            _delegate(acct[i], acct[i + 1]);
        }
    }

    function _deep() internal returns (ReputationVotes deep) {
        deep = new ReputationVotes(owner, guardian, karma, 8, 0);
    }

    function _expectChainTooLong(address from, address to, uint256 length, uint8 limit) internal {
        vm.expectRevert(
            abi.encodeWithSelector(IReputationVotes.ReputationVotesChainTooLong.selector, from, to, length, limit)
        );
        vm.prank(from);
        votes.delegate(to, 0);
    }

    function _tick() internal {
        _warp(clock + 1);
    }

    function _warp(uint256 t) internal {
        clock = t;
        vm.warp(t);
    }

    /// @dev power == own + sum of the power of direct delegators; sums agree with the total.
    function _assertConsistent(address[] memory accounts) internal view {
        uint256 ownSum;
        uint256 rootPower;
        for (uint256 i; i < accounts.length; ++i) {
            uint256 expected = votes.ownWeightOf(accounts[i]);
            uint256 height;
            for (uint256 j; j < accounts.length; ++j) {
                (address d, ) = votes.storedDelegationOf(accounts[j]);
                if (d == accounts[i]) {
                    expected += votes.powerOf(accounts[j]);
                    uint256 h = votes.delegationHeightOf(accounts[j]) + 1;
                    if (h > height) height = h;
                }
            }
            assertEq(votes.powerOf(accounts[i]), expected, "power = own + delegated");
            assertEq(votes.delegationHeightOf(accounts[i]), height, "height");
            ownSum += votes.ownWeightOf(accounts[i]);
            (address up, ) = votes.storedDelegationOf(accounts[i]);
            if (up == address(0)) rootPower += votes.powerOf(accounts[i]);
            uint256 hops;
            while (up != address(0)) {
                ++hops;
                assertLe(hops + votes.delegationHeightOf(accounts[i]), votes.maxDepth(), "chain within maxDepth");
                (up, ) = votes.storedDelegationOf(up);
            }
        }
        assertEq(ownSum, votes.totalWeight(), "own sum = total");
        assertEq(rootPower, votes.totalWeight(), "root power = total");
    }

    function _accounts(uint256 n) internal view returns (address[] memory list) {
        list = new address[](n);
        for (uint256 i; i < n; ++i) list[i] = acct[i];
    }

    /// @dev The storage slots a view reads (the last one is the deepest).
    function _slotsRead(bytes memory call) internal returns (bytes32[] memory reads) {
        vm.record();
        (bool ok, ) = address(votes).staticcall(call);
        assertTrue(ok);
        (reads, ) = vm.accesses(address(votes));
    }

    // ---------------------------------------------------------------- deployment and owner

    function test_constructor_setsState() public {
        vm.expectEmit();
        emit IReputationVotes.MaxDepthSet(6);
        vm.expectEmit();
        emit IReputationVotes.MaxDelegationDurationSet(30 days);
        ReputationVotes fresh = new ReputationVotes(owner, guardian, karma, 6, 30 days);
        assertEq(fresh.owner(), owner);
        assertEq(fresh.guardian(), guardian);
        assertEq(address(fresh.karma()), address(karma));
        assertEq(fresh.maxDepth(), 6);
        assertEq(fresh.maxDelegationDuration(), 30 days);
        assertEq(fresh.GOVERNANCE(), 4);
        assertEq(fresh.totalWeight(), 0);
    }

    function test_constructor_revertsOnZeroDepth() public {
        vm.expectRevert(abi.encodeWithSelector(IReputationVotes.ReputationVotesInvalidMaxDepth.selector, 0, 0));
        new ReputationVotes(owner, guardian, karma, 0, 0);
    }

    function test_constructor_revertsAboveEight() public {
        vm.expectRevert(abi.encodeWithSelector(IReputationVotes.ReputationVotesInvalidMaxDepth.selector, 0, 9));
        new ReputationVotes(owner, guardian, karma, 9, 0);
    }

    function test_setMaxDepth_raisesAndEmits() public {
        vm.expectEmit(address(votes));
        emit IReputationVotes.MaxDepthSet(8);
        vm.prank(owner);
        votes.setMaxDepth(8);
        assertEq(votes.maxDepth(), 8);
        vm.prank(owner);
        votes.setMaxDepth(8); // unchanged is allowed
        assertEq(votes.maxDepth(), 8);
    }

    function test_setMaxDepth_revertsWhenLowered() public {
        vm.expectRevert(abi.encodeWithSelector(IReputationVotes.ReputationVotesInvalidMaxDepth.selector, 4, 3));
        vm.prank(owner);
        votes.setMaxDepth(3);
    }

    function test_setMaxDepth_revertsAboveEight() public {
        vm.expectRevert(abi.encodeWithSelector(IReputationVotes.ReputationVotesInvalidMaxDepth.selector, 4, 9));
        vm.prank(owner);
        votes.setMaxDepth(9);
    }

    function test_setMaxDepth_revertsForNonOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, guardian));
        vm.prank(guardian);
        votes.setMaxDepth(5);
    }

    function test_setMaxDepth_raisedLimitAdmitsLongerChains() public {
        _chain(0, 4); // 4 hops: the limit
        _expectChainTooLong(acct[4], acct[5], 5, 4);
        vm.prank(owner);
        votes.setMaxDepth(5);
        _delegate(acct[4], acct[5]);
        assertEq(votes.delegationHeightOf(acct[5]), 5);
    }

    function test_setMaxDelegationDuration_setsAndEmits() public {
        vm.expectEmit(address(votes));
        emit IReputationVotes.MaxDelegationDurationSet(7 days);
        vm.prank(owner);
        votes.setMaxDelegationDuration(7 days);
        assertEq(votes.maxDelegationDuration(), 7 days);
    }

    function test_setMaxDelegationDuration_revertsForNonOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        votes.setMaxDelegationDuration(7 days);
    }

    // ---------------------------------------------------------------- sync

    function test_sync_afterGain_copiesKarmaAndEmits() public {
        _setKarma(acct[0], 0.3e18);
        vm.expectEmit(address(votes));
        emit IReputationVotes.WeightSynced(acct[0], 0, 0.3e18);
        vm.prank(stranger); // permissionless
        votes.sync(acct[0]);
        assertEq(votes.ownWeightOf(acct[0]), 0.3e18);
        assertEq(votes.powerOf(acct[0]), 0.3e18);
        assertEq(votes.totalWeight(), 0.3e18);

        _tick();
        _give(acct[0], 0.8e18);
        assertEq(votes.ownWeightOf(acct[0]), 0.8e18);
        assertEq(votes.totalWeight(), 0.8e18);
        assertEq(votes.ownWeightAt(acct[0], T0), 0.3e18);
    }

    function test_sync_afterDecay_lowersWeight() public {
        _give(acct[0], 1e18);
        _give(acct[1], 0.2e18);
        _delegate(acct[1], acct[0]);
        _warp(T0 + 180 days); // one half-life: exactly half
        assertEq(karma.karmaOf(acct[0], GOV), 0.5e18);
        vm.expectEmit(address(votes));
        emit IReputationVotes.WeightSynced(acct[0], 1e18, 0.5e18);
        votes.sync(acct[0]);
        assertEq(votes.ownWeightOf(acct[0]), 0.5e18);
        assertEq(votes.powerOf(acct[0]), 0.7e18);
        assertEq(votes.totalWeight(), 0.7e18);
        // acct[1] decayed too but was not synced: the ledger keeps its last synced weight.
        assertEq(votes.ownWeightOf(acct[1]), 0.2e18);
        votes.sync(acct[1]);
        assertEq(votes.powerOf(acct[0]), 0.6e18);
        assertEq(votes.totalWeight(), 0.6e18);
    }

    function test_sync_unchanged_writesNothing() public {
        _give(acct[0], 0.5e18);
        // Within the same second (karma decays continuously, so a later sync would move it).
        vm.recordLogs();
        votes.sync(acct[0]);
        assertEq(vm.getRecordedLogs().length, 0);
        // No new checkpoint: the trace still has its single entry (length slot, one element).
        bytes32[] memory reads = _slotsRead(abi.encodeCall(votes.powerOf, (acct[0])));
        assertEq(uint256(vm.load(address(votes), reads[0])), 1);
    }

    function test_sync_ofNeverSeenAccountWithoutKarma_isNoop() public {
        vm.recordLogs();
        votes.sync(stranger);
        assertEq(vm.getRecordedLogs().length, 0);
        assertEq(votes.totalWeight(), 0);
    }

    function test_sync_propagatesUpTheChain() public {
        _chain(0, 3); // 0 -> 1 -> 2 -> 3
        _give(acct[0], 0.4e18);
        assertEq(votes.powerOf(acct[0]), 0.4e18);
        assertEq(votes.powerOf(acct[1]), 0.4e18);
        assertEq(votes.powerOf(acct[2]), 0.4e18);
        assertEq(votes.powerOf(acct[3]), 0.4e18);
        _give(acct[2], 0.1e18);
        assertEq(votes.powerOf(acct[1]), 0.4e18);
        assertEq(votes.powerOf(acct[2]), 0.5e18);
        assertEq(votes.powerOf(acct[3]), 0.5e18);
        _give(acct[0], 0.1e18);
        assertEq(votes.powerOf(acct[3]), 0.2e18);
        _assertConsistent(_accounts(4));
    }

    function test_syncMany_syncsEach() public {
        _setKarma(acct[0], 0.1e18);
        _setKarma(acct[1], 0.2e18);
        _setKarma(acct[2], 0.3e18);
        address[] memory list = _accounts(3);
        votes.syncMany(list);
        assertEq(votes.ownWeightOf(acct[0]), 0.1e18);
        assertEq(votes.ownWeightOf(acct[1]), 0.2e18);
        assertEq(votes.ownWeightOf(acct[2]), 0.3e18);
        assertEq(votes.totalWeight(), 0.6e18);
    }

    function test_sync_worksWhilePaused() public {
        vm.prank(guardian);
        votes.pause();
        _give(acct[0], 0.5e18);
        assertEq(votes.ownWeightOf(acct[0]), 0.5e18);
        address[] memory list = _accounts(1);
        votes.syncMany(list);
    }

    function test_sync_revertsOnOversizedWeight() public {
        OversizedKarma fake = new OversizedKarma();
        ReputationVotes odd = new ReputationVotes(owner, guardian, IKarmaRegistry(address(fake)), 4, 0);
        fake.set(1 << 60);
        vm.expectRevert(abi.encodeWithSelector(IReputationVotes.ReputationVotesWeightOverflow.selector, 1 << 60));
        odd.sync(acct[0]);
        fake.set((1 << 60) - 1); // the largest weight that fits
        odd.sync(acct[0]);
        assertEq(odd.ownWeightOf(acct[0]), (1 << 60) - 1);
    }

    function test_sync_revertsWhenTotalWouldOverflow() public {
        _give(acct[0], 1e18);
        // Put the total just below 2^116 (its single checkpoint: key in the low 48 bits).
        bytes32[] memory reads = _slotsRead(abi.encodeCall(votes.totalWeight, ()));
        bytes32 element = reads[reads.length - 1];
        uint256 nearMax = (1 << 116) - 1e18;
        vm.store(address(votes), element, bytes32((nearMax << 48) | T0));
        assertEq(votes.totalWeight(), nearMax);
        _tick();
        _setKarma(acct[1], 1e18);
        vm.expectRevert(
            abi.encodeWithSelector(IReputationVotes.ReputationVotesWeightOverflow.selector, nearMax + 1e18)
        );
        votes.sync(acct[1]);
        _setKarma(acct[1], 1e18 - 1);
        votes.sync(acct[1]);
        assertEq(votes.totalWeight(), (1 << 116) - 1);
    }

    // ---------------------------------------------------------------- delegate

    function test_delegate_movesPowerAndEmits() public {
        _give(acct[0], 0.3e18);
        _give(acct[1], 0.2e18);
        vm.expectEmit(address(votes));
        emit IReputationVotes.DelegationChanged(acct[0], address(0), acct[1], 0);
        _delegate(acct[0], acct[1]);
        assertEq(votes.powerOf(acct[0]), 0.3e18, "a delegator keeps its own power figure");
        assertEq(votes.powerOf(acct[1]), 0.5e18);
        assertEq(votes.ownWeightOf(acct[1]), 0.2e18);
        assertEq(votes.totalWeight(), 0.5e18);
        (address d, uint40 e) = votes.delegationOf(acct[0]);
        assertEq(d, acct[1]);
        assertEq(e, 0);
        assertEq(votes.delegationHeightOf(acct[1]), 1);
        assertEq(votes.delegationHeightOf(acct[0]), 0);
    }

    function test_delegate_powerFlowsUpTransitively() public {
        _give(acct[0], 0.1e18);
        _give(acct[1], 0.2e18);
        _give(acct[2], 0.3e18);
        _give(acct[3], 0.4e18);
        _delegate(acct[0], acct[1]);
        _delegate(acct[2], acct[3]);
        _delegate(acct[1], acct[3]); // 0 -> 1 -> 3 <- 2
        assertEq(votes.powerOf(acct[1]), 0.3e18);
        assertEq(votes.powerOf(acct[3]), 1e18);
        assertEq(votes.delegationHeightOf(acct[3]), 2);
        _assertConsistent(_accounts(4));
    }

    function test_delegate_revertsOnZeroAddress() public {
        vm.expectRevert(abi.encodeWithSelector(IReputationVotes.ReputationVotesZeroDelegate.selector, acct[0]));
        _delegate(acct[0], address(0));
    }

    function test_delegate_revertsOnSelf() public {
        vm.expectRevert(abi.encodeWithSelector(IReputationVotes.ReputationVotesSelfDelegation.selector, acct[0]));
        _delegate(acct[0], acct[0]);
    }

    function test_delegate_revertsOnTwoHopCycle() public {
        _delegate(acct[0], acct[1]);
        vm.expectRevert(abi.encodeWithSelector(IReputationVotes.ReputationVotesCycle.selector, acct[1], acct[0]));
        _delegate(acct[1], acct[0]);
    }

    function test_delegate_revertsOnThreeHopCycle() public {
        _chain(0, 2);
        vm.expectRevert(abi.encodeWithSelector(IReputationVotes.ReputationVotesCycle.selector, acct[2], acct[0]));
        _delegate(acct[2], acct[0]);
    }

    function test_delegate_revertsOnFourHopCycle() public {
        _chain(0, 3);
        vm.expectRevert(abi.encodeWithSelector(IReputationVotes.ReputationVotesCycle.selector, acct[3], acct[0]));
        _delegate(acct[3], acct[0]);
        // Closing the loop halfway up is a cycle too.
        vm.expectRevert(abi.encodeWithSelector(IReputationVotes.ReputationVotesCycle.selector, acct[3], acct[1]));
        _delegate(acct[3], acct[1]);
    }

    function test_delegate_cycleReportedEvenWhenTheChainIsAlsoTooLong() public {
        _chain(0, 4); // 4 hops: any cycle would also be too long
        vm.expectRevert(abi.encodeWithSelector(IReputationVotes.ReputationVotesCycle.selector, acct[4], acct[0]));
        _delegate(acct[4], acct[0]);
    }

    function test_delegate_depthIntoLongChain_exactLimitAcceptedOneMoreRejected() public {
        _chain(1, 4); // 1 -> 2 -> 3 -> 4: three hops above acct[1]
        _delegate(acct[0], acct[1]); // 3 + 1 + 0 = 4 = maxDepth
        _expectChainTooLong(acct[5], acct[0], 5, 4); // 4 hops above acct[0], plus one
        _delegate(acct[6], acct[5]); // acct[5] now has height 1
        _expectChainTooLong(acct[5], acct[1], 5, 4); // 3 above acct[1] + 1 + 1
        _delegate(acct[5], acct[2]); // 2 + 1 + 1 = 4
        _assertConsistent(_accounts(7));
    }

    function test_delegate_depthTallSubtreeDelegatingUp_exactLimitAcceptedOneMoreRejected() public {
        _chain(0, 3); // acct[3] has height 3
        assertEq(votes.delegationHeightOf(acct[3]), 3);
        _delegate(acct[3], acct[9]); // 0 + 1 + 3 = 4
        assertEq(votes.delegationHeightOf(acct[9]), 4);
        // A subtree of height 4 cannot delegate at all under maxDepth 4.
        _expectChainTooLong(acct[9], acct[8], 5, 4);
        // Height 3 under an account with one hop above it: 1 + 1 + 3 = 5.
        _undelegateAs(acct[3]);
        _delegate(acct[8], acct[7]);
        _expectChainTooLong(acct[3], acct[8], 5, 4);
        _delegate(acct[3], acct[7]); // under the root instead: 4
        _assertConsistent(_accounts(10));
    }

    function test_delegate_depthMiddleJoin_countsBothSides() public {
        _chain(0, 2); // acct[2] has height 2
        _delegate(acct[4], acct[5]); // acct[4] has one hop above
        _delegate(acct[2], acct[4]); // 1 + 1 + 2 = 4
        _undelegateAs(acct[2]);
        _delegate(acct[5], acct[6]); // acct[4] now has two hops above
        _expectChainTooLong(acct[2], acct[4], 5, 4);
    }

    function test_delegate_depthLimitOfEight() public {
        vm.prank(owner);
        votes.setMaxDepth(8);
        _chain(0, 8); // eight hops
        assertEq(votes.delegationHeightOf(acct[8]), 8);
        _expectChainTooLong(acct[8], acct[9], 9, 8);
        _expectChainTooLong(acct[9], acct[0], 9, 8);
        _assertConsistent(_accounts(10));
    }

    function _undelegateAs(address who) internal {
        vm.prank(who);
        votes.undelegate();
    }

    function test_delegate_redelegationMovesPower() public {
        _give(acct[0], 0.5e18);
        _give(acct[1], 0.1e18);
        _give(acct[2], 0.2e18);
        _give(acct[3], 0.3e18);
        _delegate(acct[1], acct[3]); // 1 -> 3
        _delegate(acct[0], acct[1]); // 0 -> 1 -> 3
        assertEq(votes.powerOf(acct[3]), 0.9e18);
        vm.expectEmit(address(votes));
        emit IReputationVotes.DelegationChanged(acct[0], acct[1], acct[2], 0);
        _delegate(acct[0], acct[2]); // 0 -> 2
        assertEq(votes.powerOf(acct[1]), 0.1e18);
        assertEq(votes.powerOf(acct[3]), 0.4e18);
        assertEq(votes.powerOf(acct[2]), 0.7e18);
        assertEq(votes.delegationHeightOf(acct[1]), 0);
        assertEq(votes.delegationHeightOf(acct[3]), 1);
        assertEq(votes.delegationHeightOf(acct[2]), 1);
        _assertConsistent(_accounts(4));
    }

    function test_delegate_redelegationWithinTheSameChain() public {
        _give(acct[0], 0.5e18);
        _chain(1, 3); // 1 -> 2 -> 3
        _delegate(acct[0], acct[1]); // 0 -> 1 -> 2 -> 3
        assertEq(votes.delegationHeightOf(acct[3]), 3);
        _delegate(acct[0], acct[3]); // jumps to the top: the shared ancestor gains back what it lost
        assertEq(votes.powerOf(acct[1]), 0);
        assertEq(votes.powerOf(acct[2]), 0);
        assertEq(votes.powerOf(acct[3]), 0.5e18);
        assertEq(votes.delegationHeightOf(acct[3]), 2);
        assertEq(votes.delegationHeightOf(acct[1]), 0);
        _assertConsistent(_accounts(4));
    }

    function test_delegate_heightStaysWhileAnotherDelegatorKeepsIt() public {
        _chain(0, 2); // 0 -> 1 -> 2: height(2) = 2
        _delegate(acct[3], acct[4]);
        _delegate(acct[4], acct[2]); // a second branch of height 1 under acct[2]
        assertEq(votes.delegationHeightOf(acct[2]), 2);
        _undelegateAs(acct[0]); // acct[1] falls to height 0
        assertEq(votes.delegationHeightOf(acct[1]), 0);
        assertEq(votes.delegationHeightOf(acct[2]), 2, "still two through acct[4]");
        _undelegateAs(acct[3]);
        assertEq(votes.delegationHeightOf(acct[2]), 1);
        _assertConsistent(_accounts(5));
    }

    function test_delegate_zeroWeightDelegatorStillCountsForHeight() public {
        _delegate(acct[0], acct[1]);
        assertEq(votes.powerOf(acct[1]), 0);
        assertEq(votes.delegationHeightOf(acct[1]), 1);
        assertEq(votes.delegateAt(acct[0], T0 - 1), address(0));
    }

    function test_delegate_sameDelegateRenewsExpiryOnly() public {
        _give(acct[0], 0.5e18);
        _delegateUntil(acct[0], acct[1], uint40(T0 + 1 days));
        vm.expectEmit(address(votes));
        emit IReputationVotes.DelegationChanged(acct[0], acct[1], acct[1], uint40(T0 + 2 days));
        _delegateUntil(acct[0], acct[1], uint40(T0 + 2 days));
        (address d, uint40 e) = votes.delegationOf(acct[0]);
        assertEq(d, acct[1]);
        assertEq(e, T0 + 2 days);
        assertEq(votes.powerOf(acct[1]), 0.5e18, "not counted twice");
        assertEq(votes.delegationHeightOf(acct[1]), 1);
        // Renewing an expired delegation revives it.
        _warp(T0 + 3 days);
        (d, ) = votes.delegationOf(acct[0]);
        assertEq(d, address(0));
        _delegate(acct[0], acct[1]);
        (d, e) = votes.delegationOf(acct[0]);
        assertEq(d, acct[1]);
        assertEq(e, 0);
    }

    function test_delegate_revertsOnPastOrPresentExpiry() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IReputationVotes.ReputationVotesInvalidExpiry.selector,
                uint40(T0),
                uint256(type(uint40).max)
            )
        );
        _delegateUntil(acct[0], acct[1], uint40(T0));
        vm.expectRevert(
            abi.encodeWithSelector(
                IReputationVotes.ReputationVotesInvalidExpiry.selector,
                uint40(T0 - 1),
                uint256(type(uint40).max)
            )
        );
        _delegateUntil(acct[0], acct[1], uint40(T0 - 1));
        _delegateUntil(acct[0], acct[1], uint40(T0 + 1)); // one second ahead is fine
    }

    function test_delegate_maxDuration_boundsTheExpiry() public {
        vm.prank(owner);
        votes.setMaxDelegationDuration(30 days);
        vm.expectRevert(
            abi.encodeWithSelector(IReputationVotes.ReputationVotesInvalidExpiry.selector, 0, T0 + 30 days)
        );
        _delegate(acct[0], acct[1]); // open-ended is not allowed while a maximum is set
        vm.expectRevert(
            abi.encodeWithSelector(
                IReputationVotes.ReputationVotesInvalidExpiry.selector,
                uint40(T0 + 30 days + 1),
                T0 + 30 days
            )
        );
        _delegateUntil(acct[0], acct[1], uint40(T0 + 30 days + 1));
        _delegateUntil(acct[0], acct[1], uint40(T0 + 30 days)); // exactly the maximum
        (, uint40 e) = votes.delegationOf(acct[0]);
        assertEq(e, T0 + 30 days);
    }

    function test_delegate_revertsWhenTargetRefuses() public {
        vm.expectEmit(address(votes));
        emit IReputationVotes.DelegationsRefused(acct[1], true);
        vm.prank(acct[1]);
        votes.setRefusesDelegations(true);
        assertTrue(votes.refusesDelegations(acct[1]));
        vm.expectRevert(abi.encodeWithSelector(IReputationVotes.ReputationVotesDelegationRefused.selector, acct[1]));
        _delegate(acct[0], acct[1]);
        vm.prank(acct[1]);
        votes.setRefusesDelegations(false);
        assertFalse(votes.refusesDelegations(acct[1]));
        _delegate(acct[0], acct[1]);
    }

    function test_setRefusesDelegations_keepsExistingDelegationsAndAllowsRenewal() public {
        _give(acct[0], 0.5e18);
        _delegate(acct[0], acct[1]);
        vm.prank(acct[1]);
        votes.setRefusesDelegations(true);
        assertEq(votes.powerOf(acct[1]), 0.5e18);
        _delegate(acct[0], acct[1]); // a renewal is not a new delegation
        vm.prank(acct[1]);
        votes.setRefusesDelegations(false);
    }

    function test_delegate_revertsWhilePaused() public {
        vm.prank(guardian);
        votes.pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        _delegate(acct[0], acct[1]);
        vm.prank(acct[1]); // a refusal protects: never paused
        votes.setRefusesDelegations(true);
        assertTrue(votes.refusesDelegations(acct[1]));
        vm.prank(acct[1]);
        votes.setRefusesDelegations(false);
        vm.prank(owner);
        votes.unpause();
        _delegate(acct[0], acct[1]);
    }

    function test_delegate_revertsWhenIdsAreExhausted() public {
        // The id counter shares slot 2 with the guardian (bits 160-191).
        bytes32 slot = bytes32(uint256(2));
        uint256 packed = uint256(vm.load(address(votes), slot));
        assertEq(address(uint160(packed)), guardian);
        assertEq(uint8(packed >> 192), 4, "maxDepth next to the counter");
        vm.store(address(votes), slot, bytes32(packed | (uint256(type(uint32).max) << 160)));
        vm.expectRevert(abi.encodeWithSelector(IReputationVotes.ReputationVotesTooManyDelegates.selector, acct[1]));
        _delegate(acct[0], acct[1]);
    }

    function test_delegate_revertsWhenAHeightCounterIsFull() public {
        _delegate(acct[0], acct[1]);
        bytes32[] memory reads = _slotsRead(abi.encodeCall(votes.delegationHeightOf, (acct[1])));
        bytes32 slot = reads[0];
        assertEq(uint256(vm.load(address(votes), slot)), 1, "one delegator of height 0");
        vm.store(address(votes), slot, bytes32(uint256(type(uint32).max)));
        vm.expectRevert(abi.encodeWithSelector(IReputationVotes.ReputationVotesTooManyDelegators.selector, acct[1]));
        _delegate(acct[2], acct[1]);
        // A delegator of another height goes to another counter.
        _delegate(acct[3], acct[2]);
        _delegate(acct[2], acct[1]);
        assertEq(votes.delegationHeightOf(acct[1]), 2);
    }

    // ---------------------------------------------------------------- undelegate

    function test_undelegate_returnsPowerAndEmits() public {
        _give(acct[0], 0.5e18);
        _chain(0, 2);
        vm.expectEmit(address(votes));
        emit IReputationVotes.DelegationChanged(acct[0], acct[1], address(0), 0);
        _undelegateAs(acct[0]);
        assertEq(votes.powerOf(acct[1]), 0);
        assertEq(votes.powerOf(acct[2]), 0);
        assertEq(votes.powerOf(acct[0]), 0.5e18);
        assertEq(votes.delegationHeightOf(acct[2]), 1);
        (address d, uint40 e) = votes.storedDelegationOf(acct[0]);
        assertEq(d, address(0));
        assertEq(e, 0);
        _assertConsistent(_accounts(3));
    }

    function test_undelegate_revertsWithoutDelegation() public {
        vm.expectRevert(abi.encodeWithSelector(IReputationVotes.ReputationVotesNotDelegating.selector, acct[0]));
        _undelegateAs(acct[0]);
    }

    function test_undelegate_worksWhilePausedAndOnExpired() public {
        _give(acct[0], 0.5e18);
        _delegateUntil(acct[0], acct[1], uint40(T0 + 1 days));
        vm.prank(guardian);
        votes.pause();
        _warp(T0 + 2 days);
        _undelegateAs(acct[0]);
        assertEq(votes.powerOf(acct[1]), 0);
    }

    // ---------------------------------------------------------------- expiry

    function test_expiry_delegationOfReportsNoneButWeightCountsUntilCleared() public {
        _give(acct[0], 0.5e18);
        uint40 expiry = uint40(T0 + 1 days);
        _delegateUntil(acct[0], acct[1], expiry);
        _warp(expiry - 1);
        (address d, uint40 e) = votes.delegationOf(acct[0]);
        assertEq(d, acct[1]);
        assertEq(e, expiry);
        _warp(expiry); // expired at the expiry second itself
        (d, e) = votes.delegationOf(acct[0]);
        assertEq(d, address(0));
        assertEq(e, 0);
        (d, e) = votes.storedDelegationOf(acct[0]);
        assertEq(d, acct[1]);
        assertEq(e, expiry);
        assertEq(votes.powerOf(acct[1]), 0.5e18, "still counts until cleared");
        _warp(expiry + 10);
        assertEq(votes.delegateAt(acct[0], expiry + 5), acct[1]);
        (uint256 p, address[] memory chain) = votes.powerAndChainAt(acct[0], expiry + 5);
        assertEq(p, 0.5e18);
        assertEq(chain.length, 1);
        assertEq(chain[0], acct[1]);
    }

    function test_clearExpired_anyoneMovesTheWeightBack() public {
        _give(acct[0], 0.5e18);
        uint40 expiry = uint40(T0 + 1 days);
        _chain(1, 2);
        _delegateUntil(acct[0], acct[1], expiry);
        vm.prank(guardian);
        votes.pause(); // clearing is an exit: never paused
        _warp(expiry);
        vm.expectEmit(address(votes));
        emit IReputationVotes.DelegationChanged(acct[0], acct[1], address(0), 0);
        vm.prank(stranger);
        votes.clearExpired(acct[0]);
        assertEq(votes.powerOf(acct[1]), 0);
        assertEq(votes.powerOf(acct[2]), 0);
        assertEq(votes.delegationHeightOf(acct[2]), 1);
        (address d, ) = votes.storedDelegationOf(acct[0]);
        assertEq(d, address(0));
        _assertConsistent(_accounts(3));
    }

    function test_clearExpired_revertsBeforeExpiry() public {
        uint40 expiry = uint40(T0 + 1 days);
        _delegateUntil(acct[0], acct[1], expiry);
        _warp(expiry - 1);
        vm.expectRevert(abi.encodeWithSelector(IReputationVotes.ReputationVotesNotExpired.selector, acct[0], expiry));
        votes.clearExpired(acct[0]);
    }

    function test_clearExpired_revertsWithoutExpiry() public {
        _delegate(acct[0], acct[1]);
        _warp(T0 + 3650 days);
        vm.expectRevert(abi.encodeWithSelector(IReputationVotes.ReputationVotesNotExpired.selector, acct[0], 0));
        votes.clearExpired(acct[0]);
    }

    function test_clearExpired_revertsWithoutDelegation() public {
        vm.expectRevert(abi.encodeWithSelector(IReputationVotes.ReputationVotesNotDelegating.selector, acct[0]));
        votes.clearExpired(acct[0]);
    }

    // ---------------------------------------------------------------- dropDelegator

    function test_dropDelegator_shedsASubtree() public {
        _give(acct[0], 0.5e18);
        _chain(0, 3); // 0 -> 1 -> 2 -> 3
        vm.prank(guardian);
        votes.pause();
        vm.expectEmit(address(votes));
        emit IReputationVotes.DelegationChanged(acct[1], acct[2], address(0), 0);
        vm.prank(acct[2]);
        votes.dropDelegator(acct[1]);
        assertEq(votes.powerOf(acct[2]), 0);
        assertEq(votes.powerOf(acct[3]), 0);
        assertEq(votes.powerOf(acct[1]), 0.5e18);
        assertEq(votes.delegationHeightOf(acct[3]), 1);
        _assertConsistent(_accounts(4));
    }

    function test_dropDelegator_revertsForOthers() public {
        _chain(0, 2);
        vm.expectRevert(
            abi.encodeWithSelector(IReputationVotes.ReputationVotesNotDelegator.selector, acct[2], acct[0])
        );
        vm.prank(acct[2]); // acct[0] delegates to acct[1], not to acct[2]
        votes.dropDelegator(acct[0]);
        vm.expectRevert(
            abi.encodeWithSelector(IReputationVotes.ReputationVotesNotDelegator.selector, acct[0], acct[5])
        );
        vm.prank(acct[0]);
        votes.dropDelegator(acct[5]); // acct[5] delegates to nobody
    }

    function test_dropAndRefuse_freeADelegateMadeTallByOthers() public {
        // A griefer builds a chain of four under the victim, so that it cannot delegate.
        _chain(0, 3);
        _delegate(acct[3], acct[9]);
        _expectChainTooLong(acct[9], acct[8], 5, 4);
        vm.startPrank(acct[9]);
        votes.setRefusesDelegations(true);
        votes.dropDelegator(acct[3]);
        votes.delegate(acct[8], 0);
        vm.stopPrank();
        vm.expectRevert(abi.encodeWithSelector(IReputationVotes.ReputationVotesDelegationRefused.selector, acct[9]));
        _delegate(acct[3], acct[9]);
    }

    // ---------------------------------------------------------------- history

    function test_lookups_revertInTheCurrentSecondAndTheFuture() public {
        bytes memory err = abi.encodeWithSelector(IReputationVotes.ReputationVotesFutureLookup.selector, T0, T0);
        vm.expectRevert(err);
        votes.powerAt(acct[0], T0);
        vm.expectRevert(err);
        votes.ownWeightAt(acct[0], T0);
        vm.expectRevert(err);
        votes.totalWeightAt(T0);
        vm.expectRevert(err);
        votes.delegateAt(acct[0], T0);
        vm.expectRevert(err);
        votes.powerAndChainAt(acct[0], T0);
        vm.expectRevert(abi.encodeWithSelector(IReputationVotes.ReputationVotesFutureLookup.selector, T0 + 5, T0));
        votes.powerAt(acct[0], T0 + 5);
        assertEq(votes.powerAt(acct[0], T0 - 1), 0);
    }

    function test_lookups_lastWriteOfASecondWins() public {
        _give(acct[0], 0.1e18);
        _give(acct[0], 0.2e18);
        _delegate(acct[0], acct[1]);
        _undelegateAs(acct[0]);
        _delegate(acct[0], acct[2]);
        _tick();
        assertEq(votes.ownWeightAt(acct[0], T0), 0.2e18);
        assertEq(votes.powerAt(acct[1], T0), 0);
        assertEq(votes.powerAt(acct[2], T0), 0.2e18);
        assertEq(votes.delegateAt(acct[0], T0), acct[2]);
        assertEq(votes.totalWeightAt(T0), 0.2e18);
    }

    function test_lookups_manyTimepoints() public {
        uint256 steps = 24; // more than five checkpoints: exercises the sqrt probe of the lookup
        uint256[] memory own = new uint256[](steps);
        uint256[] memory power = new uint256[](steps);
        address[] memory up = new address[](steps);
        _give(acct[1], 0.05e18);
        for (uint256 i; i < steps; ++i) {
            _warp(T0 + 100 + i * 100);
            _give(acct[0], uint64((i + 1) * 0.01e18));
            if (i % 3 == 1) _delegate(acct[1], acct[0]);
            if (i % 3 == 2) _undelegateAs(acct[1]);
            if (i % 4 == 3) _delegate(acct[0], acct[2 + (i % 8) / 4]);
            if (i % 4 == 0 && i != 0) _undelegateAs(acct[0]);
            own[i] = votes.ownWeightOf(acct[0]);
            power[i] = votes.powerOf(acct[0]);
            (up[i], ) = votes.storedDelegationOf(acct[0]);
        }
        _warp(T0 + 100 + steps * 100);
        assertEq(votes.powerAt(acct[0], T0 + 99), 0);
        for (uint256 i; i < steps; ++i) {
            uint256 t = T0 + 100 + i * 100;
            assertEq(votes.ownWeightAt(acct[0], t), own[i], "own at t");
            assertEq(votes.powerAt(acct[0], t), power[i], "power at t");
            assertEq(votes.powerAt(acct[0], t + 50), power[i], "power between checkpoints");
            assertEq(votes.powerAt(acct[0], t + 99), power[i], "power just before the next");
            assertEq(votes.delegateAt(acct[0], t), up[i], "delegate at t");
            assertEq(votes.totalWeightAt(t), own[i] + 0.05e18, "total at t");
            (uint256 p, address[] memory chain) = votes.powerAndChainAt(acct[0], t + 1);
            assertEq(p, power[i]);
            assertEq(chain.length, up[i] == address(0) ? 0 : 1);
        }
    }

    function test_powerAndChainAt_returnsTheChainAsItStood() public {
        vm.prank(owner);
        votes.setMaxDepth(8);
        _give(acct[0], 0.5e18);
        _chain(0, 8); // eight hops
        _tick();
        uint256 snapshot = clock - 1;
        // Rearrange everything afterwards.
        _undelegateAs(acct[3]);
        _delegate(acct[0], acct[9]);
        _give(acct[0], 0.1e18);
        _tick();
        (uint256 p, address[] memory chain) = votes.powerAndChainAt(acct[0], snapshot);
        assertEq(p, 0.5e18);
        assertEq(chain.length, 8);
        for (uint256 i; i < 8; ++i) assertEq(chain[i], acct[i + 1]);
        (p, chain) = votes.powerAndChainAt(acct[4], snapshot);
        assertEq(p, 0.5e18);
        assertEq(chain.length, 4);
        assertEq(chain[3], acct[8]);
        (p, chain) = votes.powerAndChainAt(acct[0], clock - 1);
        assertEq(p, 0.1e18);
        assertEq(chain.length, 1);
        assertEq(chain[0], acct[9]);
        (p, chain) = votes.powerAndChainAt(acct[8], clock - 1);
        assertEq(p, 0);
        assertEq(chain.length, 0);
    }

    function test_snapshot_neverChangesAfterItIsTaken() public {
        _give(acct[0], 0.5e18);
        _give(acct[1], 0.25e18);
        _delegate(acct[0], acct[1]);
        _tick();
        uint256 t = T0;
        uint256 p = votes.powerAt(acct[1], t);
        uint256 total = votes.totalWeightAt(t);
        // Everything that can move, in the next second and later.
        _give(acct[1], 1e18);
        _undelegateAs(acct[0]);
        _give(acct[0], 0);
        _warp(T0 + 400 days);
        votes.sync(acct[1]);
        assertEq(votes.powerAt(acct[1], t), p);
        assertEq(p, 0.75e18);
        assertEq(votes.totalWeightAt(t), total);
        assertEq(votes.delegateAt(acct[0], t), acct[1]);
    }

    // ---------------------------------------------------------------- gas

    /// @dev gasleft() around one external call, with the ledger's account and storage made cold
    /// first (as in a governor's castVote transaction). Includes the call itself.
    function _coldGas(bytes memory call) internal returns (uint256 used) {
        vm.cool(address(votes));
        uint256 before = gasleft();
        (bool ok, ) = address(votes).call(call);
        used = before - gasleft();
        assertTrue(ok, "measured call reverted");
    }

    function test_gas_powerAndChainAt() public {
        _give(acct[0], 0.5e18); // one checkpoint
        _give(acct[1], 0.5e18);
        _tick();
        _give(acct[1], 0.6e18); // two checkpoints
        _chain(2, 6); // acct[2] has four above it
        _delegate(acct[8], acct[9]); // acct[8] has one above it
        for (uint256 i; i < 40; ++i) {
            _tick();
            _give(acct[7], uint64(i + 1) * 1e15); // forty checkpoints
        }
        _tick();
        uint256 t = clock - 1;

        uint256 one = _coldGas(abi.encodeCall(votes.powerAndChainAt, (acct[0], t)));
        uint256 two = _coldGas(abi.encodeCall(votes.powerAndChainAt, (acct[1], t)));
        uint256 chainOfOne = _coldGas(abi.encodeCall(votes.powerAndChainAt, (acct[8], t)));
        uint256 chainOfFour = _coldGas(abi.encodeCall(votes.powerAndChainAt, (acct[2], t)));
        uint256 forty = _coldGas(abi.encodeCall(votes.powerAndChainAt, (acct[7], t - 20)));
        emit log_named_uint("powerAndChainAt, 1 checkpoint, no delegate", one);
        emit log_named_uint("powerAndChainAt, 2 checkpoints, no delegate", two);
        emit log_named_uint("powerAndChainAt, chain of 1", chainOfOne);
        emit log_named_uint("powerAndChainAt, chain of 4", chainOfFour);
        emit log_named_uint("powerAndChainAt, 40 checkpoints, mid-history", forty);
        assertLt(one, 10_000);
        assertLt(two, 10_000);
        assertLt(chainOfOne, 16_000);
        assertLt(chainOfFour, 40_000);
        assertLt(forty, 25_000);
    }

    function test_gas_writes() public {
        _setKarma(acct[0], 0.5e18);
        _setKarma(acct[1], 0.5e18);
        emit log_named_uint("sync, first ever", _coldGas(abi.encodeCall(votes.sync, (acct[0]))));
        votes.sync(acct[1]);
        _chain(2, 4); // 2 -> 3 -> 4
        _warp(T0 + 1 days);
        _setKarma(acct[0], 0.6e18);
        emit log_named_uint("sync, root, new second", _coldGas(abi.encodeCall(votes.sync, (acct[0]))));
        _setKarma(acct[2], 0.6e18);
        emit log_named_uint("sync, two above, first", _coldGas(abi.encodeCall(votes.sync, (acct[2]))));
        emit log_named_uint("sync, unchanged", _coldGas(abi.encodeCall(votes.sync, (acct[2]))));
        vm.prank(acct[0]);
        emit log_named_uint("delegate, to a fresh delegate", _coldGas(abi.encodeCall(votes.delegate, (acct[1], 0))));
        _tick();
        vm.prank(acct[0]);
        emit log_named_uint("re-delegate, into a chain of 3", _coldGas(abi.encodeCall(votes.delegate, (acct[2], 0))));
        _tick();
        vm.prank(acct[0]);
        emit log_named_uint("undelegate, from a chain of 3", _coldGas(abi.encodeCall(votes.undelegate, ())));
        _tick();
        vm.prank(acct[0]);
        emit log_named_uint("delegate, known delegate", _coldGas(abi.encodeCall(votes.delegate, (acct[1], 0))));
        _tick();
        vm.prank(acct[0]);
        emit log_named_uint("renew", _coldGas(abi.encodeCall(votes.delegate, (acct[1], uint40(clock + 1 days)))));
    }

    // ---------------------------------------------------------------- fuzz

    function testFuzz_sync_copiesAnyKarma(uint64 value, uint32 elapsed) public {
        value = uint64(bound(value, 0, WAD));
        _give(acct[0], value);
        _warp(clock + elapsed);
        votes.sync(acct[0]);
        assertEq(votes.ownWeightOf(acct[0]), karma.karmaOf(acct[0], GOV));
        assertEq(votes.totalWeight(), karma.karmaOf(acct[0], GOV));
    }

    function testFuzz_expiry_withinMaximumOnly(uint40 duration, uint40 ahead) public {
        duration = uint40(bound(duration, 1, 3650 days));
        ahead = uint40(bound(ahead, 1, 2 * uint256(duration)));
        vm.prank(owner);
        votes.setMaxDelegationDuration(duration);
        uint40 expiry = uint40(clock + ahead);
        if (ahead > duration) {
            vm.expectRevert(
                abi.encodeWithSelector(IReputationVotes.ReputationVotesInvalidExpiry.selector, expiry, clock + duration)
            );
        }
        _delegateUntil(acct[0], acct[1], expiry);
    }

    /// @dev Random delegate / undelegate / sync / clearExpired / drop / warp steps over six
    /// accounts; after every step each power is its own weight plus its delegators' powers, heights
    /// match the graph, and chains stay within maxDepth.
    function testFuzz_randomDelegations_keepPowerConsistent(uint256 seed) public {
        address[] memory accounts = _accounts(6);
        for (uint256 i; i < accounts.length; ++i) _give(accounts[i], uint64((i + 1) * 0.1e18));
        for (uint256 step; step < 40; ++step) {
            seed = uint256(keccak256(abi.encode(seed, step)));
            address from = accounts[seed % 6];
            address to = accounts[(seed >> 8) % 6];
            uint256 action = (seed >> 16) % 7;
            if (action <= 2) {
                uint40 expiry = (seed >> 24) % 2 == 0 ? 0 : uint40(clock + 1 + ((seed >> 32) % 1000));
                vm.prank(from);
                try votes.delegate(to, expiry) {} catch {}
            } else if (action == 3) {
                vm.prank(from);
                try votes.undelegate() {} catch {}
            } else if (action == 4) {
                _setKarma(from, uint64((seed >> 40) % (WAD + 1)));
                votes.sync(from);
            } else if (action == 5) {
                try votes.clearExpired(from) {} catch {}
                vm.prank(to);
                try votes.dropDelegator(from) {} catch {}
            } else {
                _warp(clock + ((seed >> 48) % 2000));
            }
            _assertConsistent(accounts);
        }
    }
}
