// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IKarmaRegistry} from "../../../contracts/interfaces/IKarmaRegistry.sol";
import {IReputationVotes} from "../../../contracts/interfaces/IReputationVotes.sol";

/// @notice MOCK of the reputation vote ledger, for Solidity unit, fuzz and invariant tests only.
/// @dev The test sets each account's own weight and delegate: a static forest that every
/// timepoint sees alike (no history), so a proposal's snapshot is exactly the forest the test
/// built. Power is kept up to date on every change (moved up the delegation chain, as the real
/// ledger does), so a power lookup costs one storage read, close to the real ledger's checkpoint
/// lookup. Lookups at the current second or later revert, as they do in the real ledger. With a
/// karma source set, `sync` copies the account's governance karma into its own weight.
contract MockReputationVotes {
    error MockReputationVotesFutureLookup(uint256 timepoint);
    error MockReputationVotesCycle(address account, address delegatee);
    error MockReputationVotesTooDeep(address account);

    uint16 private constant GOVERNANCE = 4;

    uint8 public maxDepth = 4;
    uint256 public totalWeight;
    IKarmaRegistry public karmaSource;
    mapping(address account => uint256) public own;
    mapping(address account => address) public delegateOf;
    mapping(address account => uint40) public expiryOf;
    mapping(address account => uint256) public power;
    mapping(address account => uint256) public syncCount;

    /// @notice Sets `account`'s own weight and moves the difference up its chain.
    function setOwnWeight(address account, uint256 weight) public {
        uint256 before = own[account];
        own[account] = weight;
        totalWeight = totalWeight - before + weight;
        for (address a = account; a != address(0); a = delegateOf[a]) {
            power[a] = power[a] - before + weight;
        }
    }

    /// @notice Points `account` at `to` (address(0): no delegate), moving its power between chains.
    /// @dev Refuses cycles and chains above `account` longer than `maxDepth`; the depth of the
    /// subtree below `account` is the test's responsibility.
    function setDelegate(address account, address to) public {
        uint256 moved = power[account];
        for (address a = delegateOf[account]; a != address(0); a = delegateOf[a]) power[a] -= moved;
        delegateOf[account] = to;
        uint256 hops;
        for (address a = to; a != address(0); a = delegateOf[a]) {
            if (a == account) revert MockReputationVotesCycle(account, to);
            if (++hops > maxDepth) revert MockReputationVotesTooDeep(account);
            power[a] += moved;
        }
    }

    function setMaxDepth(uint8 depth) external {
        maxDepth = depth;
    }

    function setKarmaSource(IKarmaRegistry source) external {
        karmaSource = source;
    }

    function sync(address account) external {
        ++syncCount[account];
        if (address(karmaSource) != address(0)) setOwnWeight(account, karmaSource.karmaOf(account, GOVERNANCE));
    }

    function delegate(address to, uint40 expiry) external {
        setDelegate(msg.sender, to);
        expiryOf[msg.sender] = expiry;
    }

    function undelegate() external {
        setDelegate(msg.sender, address(0));
        expiryOf[msg.sender] = 0;
    }

    function clearExpired(address account) external {
        uint40 expiry = expiryOf[account];
        if (expiry != 0 && expiry < block.timestamp) {
            setDelegate(account, address(0));
            expiryOf[account] = 0;
        }
    }

    function powerAt(address account, uint256 timepoint) external view returns (uint256) {
        _past(timepoint);
        return power[account];
    }

    function ownWeightAt(address account, uint256 timepoint) external view returns (uint256) {
        _past(timepoint);
        return own[account];
    }

    function totalWeightAt(uint256 timepoint) external view returns (uint256) {
        _past(timepoint);
        return totalWeight;
    }

    function delegateAt(address account, uint256 timepoint) external view returns (address) {
        _past(timepoint);
        return delegateOf[account];
    }

    function powerAndChainAt(
        address account,
        uint256 timepoint
    ) external view returns (uint256 accountPower, address[] memory chain) {
        _past(timepoint);
        accountPower = power[account];
        uint256 length;
        for (address a = delegateOf[account]; a != address(0); a = delegateOf[a]) ++length;
        chain = new address[](length);
        uint256 i;
        for (address a = delegateOf[account]; a != address(0); a = delegateOf[a]) chain[i++] = a;
    }

    function powerOf(address account) external view returns (uint256) {
        return power[account];
    }

    function ownWeightOf(address account) external view returns (uint256) {
        return own[account];
    }

    function delegationOf(address account) external view returns (address delegatee, uint40 expiry) {
        return (delegateOf[account], expiryOf[account]);
    }

    function _past(uint256 timepoint) private view {
        if (timepoint >= block.timestamp) revert MockReputationVotesFutureLookup(timepoint);
    }
}
