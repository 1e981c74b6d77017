// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {KarmaRegistry} from "../../../contracts/karma/KarmaRegistry.sol";
import {ReputationVotes} from "../../../contracts/governance/ReputationVotes.sol";

/// @notice Bounded random actions on the vote ledger by a fixed set of eight accounts: karma
/// changes and syncs, delegations with and without expiry, undelegations, clearing, dropping,
/// refusals, pauses, depth raises and the passage of time (which decays karma). Before time moves
/// on, the handler records every account's state at the end of the current second, so the
/// invariants can check that such a snapshot never changes later. Failures are swallowed and
/// counted.
contract VotesHandler is Test {
    uint16 internal constant GOVERNANCE = 4;
    uint256 internal constant MAX_SNAPSHOTS = 48;

    KarmaRegistry public immutable karma;
    ReputationVotes public immutable votes;

    address[] internal _accounts;
    /// @dev The current time as the handler set it (the source of truth for every warp).
    uint256 public clock;

    /// @dev One recorded second: the total and, per account, its power, own weight and delegate.
    struct Snapshot {
        uint256 timepoint;
        uint256 total;
        uint256[] power;
        uint256[] own;
        address[] delegates;
    }

    Snapshot[] internal _snapshots;
    mapping(bytes32 action => uint256) public ok;
    mapping(bytes32 action => uint256) public failed;

    constructor(KarmaRegistry karma_, ReputationVotes votes_) {
        karma = karma_;
        votes = votes_;
        for (uint256 i; i < 8; ++i) {
            _accounts.push(makeAddr(string.concat("votes.account", vm.toString(i))));
        }
        clock = block.timestamp;
    }

    // ---------------------------------------------------------------- weight

    /// @notice Moves an account's governance karma to a new value and syncs it.
    function setKarma(uint256 who, uint256 value) external {
        _resume();
        address account = _pick(who);
        karma.recordOutcome(account, GOVERNANCE, uint64(bound(value, 0, 1e18)), 1e18);
        (bool success, ) = address(votes).call(abi.encodeCall(votes.sync, (account)));
        _done("sync", success);
    }

    /// @notice Syncs an account after decay (or a no-op when nothing changed).
    function sync(uint256 who) external {
        _resume();
        (bool success, ) = address(votes).call(abi.encodeCall(votes.sync, (_pick(who))));
        _done("sync", success);
    }

    // ---------------------------------------------------------------- delegation

    function delegate(uint256 from, uint256 to, uint256 expirySeed) external {
        _resume();
        uint40 expiry = expirySeed % 3 == 0 ? 0 : uint40(clock + 1 + (expirySeed % 3 days));
        vm.prank(_pick(from));
        (bool success, ) = address(votes).call(abi.encodeCall(votes.delegate, (_pick(to), expiry)));
        _done("delegate", success);
    }

    function undelegate(uint256 who) external {
        _resume();
        vm.prank(_pick(who));
        (bool success, ) = address(votes).call(abi.encodeCall(votes.undelegate, ()));
        _done("undelegate", success);
    }

    function clearExpired(uint256 who) external {
        _resume();
        (bool success, ) = address(votes).call(abi.encodeCall(votes.clearExpired, (_pick(who))));
        _done("clearExpired", success);
    }

    /// @notice The delegate of a random account drops it (a stranger's attempt fails and counts).
    function dropDelegator(uint256 who, bool asDelegate) external {
        _resume();
        address delegator = _pick(who);
        (address delegatee, ) = votes.storedDelegationOf(delegator);
        vm.prank(asDelegate && delegatee != address(0) ? delegatee : _pick(who + 1));
        (bool success, ) = address(votes).call(abi.encodeCall(votes.dropDelegator, (delegator)));
        _done("dropDelegator", success);
    }

    function setRefuses(uint256 who, bool refuses) external {
        _resume();
        vm.prank(_pick(who));
        votes.setRefusesDelegations(refuses);
        _done("setRefuses", true);
    }

    // ---------------------------------------------------------------- owner and guardian

    /// @notice Pauses or unpauses (this handler owns the ledger and is its guardian).
    function togglePause() external {
        _resume();
        if (votes.paused()) votes.unpause();
        else votes.pause();
        _done("togglePause", true);
    }

    function raiseMaxDepth(uint256 seed) external {
        _resume();
        uint8 current = votes.maxDepth();
        (bool success, ) = address(votes).call(
            abi.encodeCall(votes.setMaxDepth, (uint8(bound(seed, current, current + 1))))
        );
        _done("raiseMaxDepth", success);
    }

    // ---------------------------------------------------------------- time

    /// @notice Records the end of the current second, then moves time forward.
    function warp(uint256 secondsSeed) external {
        _resume();
        _record();
        clock += bound(secondsSeed, 1, 20 days);
        vm.warp(clock);
        _done("warp", true);
    }

    // ---------------------------------------------------------------- views for the invariants

    function accounts() external view returns (address[] memory) {
        return _accounts;
    }

    function snapshotCount() external view returns (uint256) {
        return _snapshots.length;
    }

    function snapshot(uint256 index) external view returns (Snapshot memory) {
        return _snapshots[index];
    }

    // ---------------------------------------------------------------- internal

    /// @dev Every action starts at the handler's clock, whatever the runner did to the block.
    function _resume() internal {
        vm.warp(clock);
    }

    function _record() internal {
        if (_snapshots.length >= MAX_SNAPSHOTS) return;
        uint256 n = _accounts.length;
        Snapshot storage s = _snapshots.push();
        s.timepoint = clock;
        s.total = votes.totalWeight();
        for (uint256 i; i < n; ++i) {
            address account = _accounts[i];
            s.power.push(votes.powerOf(account));
            s.own.push(votes.ownWeightOf(account));
            (address delegatee, ) = votes.storedDelegationOf(account);
            s.delegates.push(delegatee);
        }
    }

    function _pick(uint256 seed) internal view returns (address) {
        return _accounts[seed % _accounts.length];
    }

    function _done(bytes32 action, bool success) internal {
        if (success) ++ok[action];
        else ++failed[action];
    }
}
