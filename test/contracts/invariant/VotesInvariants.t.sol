// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {KarmaRegistry} from "../../../contracts/karma/KarmaRegistry.sol";
import {ReputationVotes} from "../../../contracts/governance/ReputationVotes.sol";
import {VotesHandler} from "./VotesHandler.sol";

/// @notice Invariants of the vote ledger under random sequences of every public action by eight
/// accounts (see VotesHandler): the delegation graph stays acyclic and within maxDepth, heights
/// match the graph, every power is its own weight plus its delegators' powers, the powers of the
/// roots and the own weights both add up to the total, and a past snapshot never changes.
contract VotesInvariants is Test {
    uint256 internal constant T0 = 1_000_000;

    KarmaRegistry internal karma;
    ReputationVotes internal votes;
    VotesHandler internal handler;

    function setUp() public {
        vm.warp(T0);
        karma = new KarmaRegistry(address(this), address(0));
        karma.setAlpha(1e18); // a recorded outcome sets the value exactly
        // maxDepth 3 so that eight accounts run into the depth limit often.
        votes = new ReputationVotes(address(this), address(0), karma, 3, 0);
        handler = new VotesHandler(karma, votes);
        karma.setUpdater(address(handler), true);
        votes.setGuardian(address(handler));
        votes.transferOwnership(address(handler));
        vm.prank(address(handler));
        votes.acceptOwnership();

        targetContract(address(handler));
        bytes4[] memory selectors = new bytes4[](13);
        selectors[0] = VotesHandler.setKarma.selector;
        selectors[1] = VotesHandler.sync.selector;
        selectors[2] = VotesHandler.delegate.selector;
        selectors[3] = VotesHandler.delegate.selector; // weighted: delegation builds the graph
        selectors[4] = VotesHandler.delegate.selector;
        selectors[5] = VotesHandler.undelegate.selector;
        selectors[6] = VotesHandler.clearExpired.selector;
        selectors[7] = VotesHandler.dropDelegator.selector;
        selectors[8] = VotesHandler.setRefuses.selector;
        selectors[9] = VotesHandler.togglePause.selector;
        selectors[10] = VotesHandler.raiseMaxDepth.selector;
        selectors[11] = VotesHandler.warp.selector;
        selectors[12] = VotesHandler.warp.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    // ---------------------------------------------------------------- (1) graph shape

    /// @notice Walking up from any account ends at a root within maxDepth hops (so there is no
    /// cycle), and hops above plus the account's height never exceed maxDepth.
    function invariant_acyclicAndWithinMaxDepth() public {
        _resume();
        address[] memory accounts = handler.accounts();
        uint256 limit = votes.maxDepth();
        for (uint256 i; i < accounts.length; ++i) {
            uint256 hops;
            (address up, ) = votes.storedDelegationOf(accounts[i]);
            while (up != address(0)) {
                ++hops;
                assertLe(hops, limit, "chain longer than maxDepth (or a cycle)");
                (up, ) = votes.storedDelegationOf(up);
            }
            assertLe(hops + votes.delegationHeightOf(accounts[i]), limit, "hops above + height");
        }
    }

    /// @notice The incrementally kept height of each account is the longest chain below it.
    function invariant_heightsMatchTheGraph() public {
        _resume();
        address[] memory accounts = handler.accounts();
        for (uint256 i; i < accounts.length; ++i) {
            assertEq(votes.delegationHeightOf(accounts[i]), _longestBelow(accounts, accounts[i], 0), "height");
        }
    }

    // ---------------------------------------------------------------- (2) power

    /// @notice power == own weight + the sum of the powers of the direct delegators.
    function invariant_powerIsOwnPlusDelegators() public {
        _resume();
        address[] memory accounts = handler.accounts();
        for (uint256 i; i < accounts.length; ++i) {
            uint256 expected = votes.ownWeightOf(accounts[i]);
            for (uint256 j; j < accounts.length; ++j) {
                (address d, ) = votes.storedDelegationOf(accounts[j]);
                if (d == accounts[i]) expected += votes.powerOf(accounts[j]);
            }
            assertEq(votes.powerOf(accounts[i]), expected, "power = own + delegated");
        }
    }

    /// @notice The own weights add up to the total.
    function invariant_ownWeightsSumToTotal() public {
        _resume();
        address[] memory accounts = handler.accounts();
        uint256 sum;
        for (uint256 i; i < accounts.length; ++i) sum += votes.ownWeightOf(accounts[i]);
        assertEq(sum, votes.totalWeight(), "sum of own weights");
    }

    /// @notice The powers of the roots (accounts delegating to nobody) add up to the total: each
    /// weight is counted exactly once, at the top of its chain.
    function invariant_rootPowersSumToTotal() public {
        _resume();
        address[] memory accounts = handler.accounts();
        uint256 sum;
        for (uint256 i; i < accounts.length; ++i) {
            (address d, ) = votes.storedDelegationOf(accounts[i]);
            if (d == address(0)) sum += votes.powerOf(accounts[i]);
        }
        assertEq(sum, votes.totalWeight(), "sum of root powers");
    }

    /// @notice `delegationOf` hides an expired delegation that `storedDelegationOf` still shows.
    function invariant_delegationOfHidesOnlyExpired() public {
        _resume();
        address[] memory accounts = handler.accounts();
        for (uint256 i; i < accounts.length; ++i) {
            (address stored, uint40 expiry) = votes.storedDelegationOf(accounts[i]);
            (address live, ) = votes.delegationOf(accounts[i]);
            bool expired = expiry != 0 && handler.clock() >= expiry;
            assertEq(live, expired ? address(0) : stored, "delegationOf");
        }
    }

    // ---------------------------------------------------------------- (3) history

    /// @notice Every recorded second reads back exactly as it was recorded, however much has
    /// happened since: power, own weight, delegate, total, and the chain of `powerAndChainAt`.
    function invariant_pastSnapshotsNeverChange() public {
        _resume();
        address[] memory accounts = handler.accounts();
        uint256 n = handler.snapshotCount();
        for (uint256 k; k < n; ++k) {
            VotesHandler.Snapshot memory s = handler.snapshot(k);
            assertEq(votes.totalWeightAt(s.timepoint), s.total, "total at t");
            for (uint256 i; i < accounts.length; ++i) {
                assertEq(votes.powerAt(accounts[i], s.timepoint), s.power[i], "power at t");
                assertEq(votes.ownWeightAt(accounts[i], s.timepoint), s.own[i], "own at t");
                assertEq(votes.delegateAt(accounts[i], s.timepoint), s.delegates[i], "delegate at t");
                (uint256 power, address[] memory chain) = votes.powerAndChainAt(accounts[i], s.timepoint);
                assertEq(power, s.power[i], "powerAndChainAt power");
                address up = s.delegates[i];
                for (uint256 h; h < chain.length; ++h) {
                    assertEq(chain[h], up, "chain follows the delegates at t");
                    up = s.delegates[_indexOf(accounts, up)];
                }
                assertEq(up, address(0), "chain reaches the root");
            }
        }
    }

    /// @notice The handler reaches every action, so the invariants are not checked only over
    /// sequences that never delegate, expire or drop. A fixed, pseudo-random sequence.
    function test_handlerReachesEveryAction() public {
        uint256 x = 0x5107e;
        for (uint256 round; round < 30; ++round) {
            x = uint256(keccak256(abi.encode(x, round)));
            handler.setKarma(x, x >> 64);
            handler.delegate(x >> 3, x >> 9, x >> 20);
            handler.delegate(x >> 5, x >> 13, x >> 24);
            if (round % 3 == 0) handler.undelegate(x >> 7);
            handler.warp(x >> 30);
            handler.clearExpired(x >> 11);
            handler.dropDelegator(x >> 17, true);
            handler.sync(x >> 2);
            if (round % 7 == 0) handler.setRefuses(x >> 1, round % 2 == 0);
            if (round % 10 == 0) handler.togglePause();
            if (round == 20) handler.raiseMaxDepth(x);
        }
        bytes32[10] memory actions = [
            bytes32("sync"),
            "delegate",
            "undelegate",
            "clearExpired",
            "dropDelegator",
            "setRefuses",
            "togglePause",
            "raiseMaxDepth",
            "warp",
            "delegate"
        ];
        for (uint256 i; i < actions.length; ++i) {
            assertGt(handler.ok(actions[i]), 0, string(abi.encodePacked("never reached: ", actions[i])));
        }
        assertGt(handler.failed("delegate"), 0, "some delegations hit a rule");
        invariant_acyclicAndWithinMaxDepth();
        invariant_heightsMatchTheGraph();
        invariant_powerIsOwnPlusDelegators();
        invariant_ownWeightsSumToTotal();
        invariant_rootPowersSumToTotal();
        invariant_delegationOfHidesOnlyExpired();
        invariant_pastSnapshotsNeverChange();
        assertGt(handler.snapshotCount(), 10);
    }

    // ---------------------------------------------------------------- helpers

    /// @dev The block time as the handler left it (lookups must be strictly in the past).
    function _resume() internal {
        vm.warp(handler.clock());
    }

    function _longestBelow(address[] memory accounts, address node, uint256 depth) internal view returns (uint256) {
        // Depth guard: a cycle would otherwise recurse forever (invariant (1) reports it).
        if (depth > 8) return 9;
        uint256 longest;
        for (uint256 j; j < accounts.length; ++j) {
            (address d, ) = votes.storedDelegationOf(accounts[j]);
            if (d == node) {
                uint256 h = _longestBelow(accounts, accounts[j], depth + 1) + 1;
                if (h > longest) longest = h;
            }
        }
        return longest;
    }

    function _indexOf(address[] memory accounts, address account) internal pure returns (uint256) {
        for (uint256 i; i < accounts.length; ++i) {
            if (accounts[i] == account) return i;
        }
        revert("not a handler account");
    }
}
