// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";
import {GuardedOwnable} from "../access/GuardedOwnable.sol";
import {IKarmaRegistry} from "../interfaces/IKarmaRegistry.sol";
import {IReputationVotes} from "../interfaces/IReputationVotes.sol";

/// @title ReputationVotes
/// @notice The reputation-weighted vote ledger: governance karma synced from the registry, liquid
/// delegation with a bounded depth, and a per-second history that proposals snapshot.
/// @dev One checkpoint trace per account holds everything a vote needs, packed into the 208-bit
/// value of OpenZeppelin's Trace208 (own weight, power and the delegate's id), so that
/// `powerAndChainAt` costs one lookup per account in the chain: for an account without a delegate
/// that is two cold storage reads. Delegates are named by a 32-bit id (assigned the first time an
/// account is delegated to) because an address does not fit beside the power.
///
/// Heights (the longest chain of delegators below an account) are kept incrementally: each account
/// has eight 32-bit counters, counter h holding how many of its direct delegators have height h.
/// Its own height is one above the highest non-empty counter, and a change is carried up the chain
/// only while it changes the height of the next account. Chains never exceed `maxDepth` <= 8 hops,
/// so every walk up a chain is at most eight steps.
///
/// Pausing blocks `delegate` (the only entry); undelegating, clearing, dropping and syncing never
/// stop. The only external call is a view into the immutable karma registry.
contract ReputationVotes is IReputationVotes, GuardedOwnable {
    using Checkpoints for Checkpoints.Trace208;

    /// @notice The karma dimension that carries governance weight.
    uint16 public constant GOVERNANCE = 4;
    uint8 private constant DEPTH_LIMIT = 8;

    /// @dev The history value: id of the delegate in bits 0-31, power in bits 32-147, own weight in
    /// bits 148-207. Own weight is karma, at most 1e18 < 2^60. Power is at most the total of own
    /// weights, which `sync` keeps below 2^116 (8e16 accounts at full weight).
    uint256 private constant ID_MASK = type(uint32).max;
    uint256 private constant POWER_SHIFT = 32;
    uint256 private constant POWER_MASK = (1 << 116) - 1;
    uint256 private constant OWN_SHIFT = 148;
    uint256 private constant MAX_WEIGHT = (1 << 60) - 1;

    uint256 private constant LANE_BITS = 32;
    uint256 private constant LANE_MASK = type(uint32).max;
    /// @dev "No height": heights of delegators are 0..7, so 8 is free as a sentinel.
    uint256 private constant NO_HEIGHT = 8;

    /// @notice The registry whose governance dimension is the weight.
    IKarmaRegistry public immutable karma;

    /// @dev The current delegation and the account's own id as a delegate, in one slot: `delegate`
    /// reads the target's slot once for its id, its refusal flag and the next hop up.
    struct Account {
        address delegatee;
        uint40 expiry;
        uint32 id;
        bool refuses;
    }

    /// @dev Packed with GuardedOwnable's guardian (20 + 4 + 1 + 5 bytes): `delegate` reads the limits
    /// and, for a new delegate, bumps the id counter in the same slot.
    uint32 private _delegateCount;
    uint8 private _maxDepth;
    uint40 private _maxDelegationDuration;

    mapping(address account => Account) private _accounts;
    mapping(address account => uint256 counters) private _childHeights;
    mapping(address account => Checkpoints.Trace208) private _history;
    mapping(uint32 id => address account) private _delegateById;
    Checkpoints.Trace208 private _total;

    constructor(
        address initialOwner,
        address initialGuardian,
        IKarmaRegistry karmaRegistry,
        uint8 initialMaxDepth,
        uint40 initialMaxDelegationDuration
    ) GuardedOwnable(initialOwner, initialGuardian) {
        if (initialMaxDepth == 0 || initialMaxDepth > DEPTH_LIMIT) {
            revert ReputationVotesInvalidMaxDepth(0, initialMaxDepth);
        }
        karma = karmaRegistry;
        _maxDepth = initialMaxDepth;
        _maxDelegationDuration = initialMaxDelegationDuration;
        emit MaxDepthSet(initialMaxDepth);
        emit MaxDelegationDurationSet(initialMaxDelegationDuration);
    }

    // ---------------------------------------------------------------- owner

    /// @inheritdoc IReputationVotes
    function setMaxDepth(uint8 newMaxDepth) external onlyOwner {
        uint8 current = _maxDepth;
        if (newMaxDepth < current || newMaxDepth > DEPTH_LIMIT) {
            revert ReputationVotesInvalidMaxDepth(current, newMaxDepth);
        }
        _maxDepth = newMaxDepth;
        emit MaxDepthSet(newMaxDepth);
    }

    /// @inheritdoc IReputationVotes
    function setMaxDelegationDuration(uint40 newMaxDelegationDuration) external onlyOwner {
        _maxDelegationDuration = newMaxDelegationDuration;
        emit MaxDelegationDurationSet(newMaxDelegationDuration);
    }

    // ---------------------------------------------------------------- weight

    /// @inheritdoc IReputationVotes
    function sync(address account) external {
        _sync(account);
    }

    /// @inheritdoc IReputationVotes
    function syncMany(address[] calldata accounts) external {
        for (uint256 i; i < accounts.length; ++i) {
            _sync(accounts[i]);
        }
    }

    // ---------------------------------------------------------------- delegation

    /// @inheritdoc IReputationVotes
    function delegate(address to, uint40 expiry) external whenNotPaused {
        address account = msg.sender;
        if (to == address(0)) revert ReputationVotesZeroDelegate(account);
        if (to == account) revert ReputationVotesSelfDelegation(account);
        _checkExpiry(expiry);
        Account storage delegator = _accounts[account];
        address previous = delegator.delegatee;
        if (previous == to) {
            // A renewal: the graph and every power stay as they are.
            delegator.expiry = expiry;
            emit DelegationChanged(account, to, to, expiry);
            return;
        }
        Account memory target = _accounts[to];
        if (target.refuses) revert ReputationVotesDelegationRefused(to);

        // Walk up from `to`: meeting the caller closes a cycle; the hops counted bound the chain.
        // The existing graph is acyclic and within maxDepth, so this ends within eight steps.
        uint256 height = _height(_childHeights[account]);
        uint256 length = height + 1;
        for (address node = target.delegatee; node != address(0); node = _accounts[node].delegatee) {
            if (node == account) revert ReputationVotesCycle(account, to);
            ++length;
        }
        uint8 depthLimit = _maxDepth;
        if (length > depthLimit) revert ReputationVotesChainTooLong(account, to, length, depthLimit);

        uint32 id = target.id;
        if (id == 0) id = _assignId(to);
        uint48 key = _now();
        Checkpoints.Trace208 storage history = _history[account];
        uint256 entry = history.latest();
        uint256 power = _power(entry);
        // The caller keeps its height wherever it goes: it leaves one counter and joins another.
        if (previous != address(0)) _propagate(previous, key, power, false, height, NO_HEIGHT);
        _propagate(to, key, power, true, NO_HEIGHT, height);
        history.push(key, uint208((entry & ~ID_MASK) | id));
        delegator.delegatee = to;
        delegator.expiry = expiry;
        emit DelegationChanged(account, previous, to, expiry);
    }

    /// @inheritdoc IReputationVotes
    function undelegate() external {
        Account storage delegator = _accounts[msg.sender];
        address previous = delegator.delegatee;
        if (previous == address(0)) revert ReputationVotesNotDelegating(msg.sender);
        _end(msg.sender, delegator, previous);
    }

    /// @inheritdoc IReputationVotes
    function clearExpired(address account) external {
        Account storage delegator = _accounts[account];
        address previous = delegator.delegatee;
        if (previous == address(0)) revert ReputationVotesNotDelegating(account);
        uint40 expiry = delegator.expiry;
        if (expiry == 0 || block.timestamp < expiry) revert ReputationVotesNotExpired(account, expiry);
        _end(account, delegator, previous);
    }

    /// @inheritdoc IReputationVotes
    function dropDelegator(address delegator) external {
        Account storage record = _accounts[delegator];
        // msg.sender is never address(0), so an account without a delegate fails here too.
        if (record.delegatee != msg.sender) revert ReputationVotesNotDelegator(msg.sender, delegator);
        _end(delegator, record, msg.sender);
    }

    /// @inheritdoc IReputationVotes
    function setRefusesDelegations(bool refuses) external {
        _accounts[msg.sender].refuses = refuses;
        emit DelegationsRefused(msg.sender, refuses);
    }

    // ---------------------------------------------------------------- history

    /// @inheritdoc IReputationVotes
    function powerAt(address account, uint256 timepoint) external view returns (uint256) {
        return _power(_history[account].upperLookupRecent(_pastKey(timepoint)));
    }

    /// @inheritdoc IReputationVotes
    function ownWeightAt(address account, uint256 timepoint) external view returns (uint256) {
        return _history[account].upperLookupRecent(_pastKey(timepoint)) >> OWN_SHIFT;
    }

    /// @inheritdoc IReputationVotes
    function totalWeightAt(uint256 timepoint) external view returns (uint256) {
        return _total.upperLookupRecent(_pastKey(timepoint));
    }

    /// @inheritdoc IReputationVotes
    function delegateAt(address account, uint256 timepoint) external view returns (address) {
        return _delegateById[uint32(_history[account].upperLookupRecent(_pastKey(timepoint)))];
    }

    /// @inheritdoc IReputationVotes
    function powerAndChainAt(
        address account,
        uint256 timepoint
    ) external view returns (uint256 power, address[] memory chain) {
        uint48 key = _pastKey(timepoint);
        uint256 entry = _history[account].upperLookupRecent(key);
        power = _power(entry);
        uint32 id = uint32(entry);
        if (id == 0) return (power, chain);
        // The graph at any past second was acyclic and within maxDepth <= 8, so the bound on the
        // loop is only a backstop.
        chain = new address[](DEPTH_LIMIT);
        uint256 length;
        do {
            address node = _delegateById[id];
            chain[length] = node;
            ++length;
            id = uint32(_history[node].upperLookupRecent(key));
        } while (id != 0 && length < DEPTH_LIMIT);
        assembly ("memory-safe") {
            mstore(chain, length)
        }
    }

    // ---------------------------------------------------------------- current state

    /// @inheritdoc IReputationVotes
    function powerOf(address account) external view returns (uint256) {
        return _power(_history[account].latest());
    }

    /// @inheritdoc IReputationVotes
    function ownWeightOf(address account) external view returns (uint256) {
        return _history[account].latest() >> OWN_SHIFT;
    }

    /// @inheritdoc IReputationVotes
    function totalWeight() external view returns (uint256) {
        return _total.latest();
    }

    /// @inheritdoc IReputationVotes
    function delegationOf(address account) external view returns (address delegatee, uint40 expiry) {
        Account memory record = _accounts[account];
        if (record.expiry != 0 && block.timestamp >= record.expiry) return (address(0), 0);
        return (record.delegatee, record.expiry);
    }

    /// @inheritdoc IReputationVotes
    function storedDelegationOf(address account) external view returns (address delegatee, uint40 expiry) {
        Account memory record = _accounts[account];
        return (record.delegatee, record.expiry);
    }

    /// @inheritdoc IReputationVotes
    function delegationHeightOf(address account) external view returns (uint8) {
        return uint8(_height(_childHeights[account]));
    }

    /// @inheritdoc IReputationVotes
    function refusesDelegations(address account) external view returns (bool) {
        return _accounts[account].refuses;
    }

    /// @inheritdoc IReputationVotes
    function maxDepth() external view returns (uint8) {
        return _maxDepth;
    }

    /// @inheritdoc IReputationVotes
    function maxDelegationDuration() external view returns (uint40) {
        return _maxDelegationDuration;
    }

    // ---------------------------------------------------------------- internal

    function _sync(address account) private {
        uint256 weight = karma.karmaOf(account, GOVERNANCE);
        if (weight > MAX_WEIGHT) revert ReputationVotesWeightOverflow(weight);
        Checkpoints.Trace208 storage history = _history[account];
        uint256 entry = history.latest();
        uint256 previous = entry >> OWN_SHIFT;
        // Keepers may sync freely: an unchanged weight writes nothing.
        if (weight == previous) return;
        bool increase = weight > previous;
        uint256 difference = increase ? weight - previous : previous - weight;
        uint48 key = _now();
        uint256 total = _total.latest();
        total = increase ? total + difference : total - difference;
        // Every power is a sum of own weights, so bounding the total bounds every packed power.
        if (total > POWER_MASK) revert ReputationVotesWeightOverflow(total);
        _total.push(key, uint208(total));
        uint256 power = _power(entry);
        power = increase ? power + difference : power - difference;
        history.push(key, uint208((weight << OWN_SHIFT) | (power << POWER_SHIFT) | (entry & ID_MASK)));
        _propagate(_accounts[account].delegatee, key, difference, increase, NO_HEIGHT, NO_HEIGHT);
        emit WeightSynced(account, previous, weight);
    }

    /// @dev Ends `account`'s delegation to `previous`: its power leaves `previous`'s chain.
    function _end(address account, Account storage delegator, address previous) private {
        uint48 key = _now();
        Checkpoints.Trace208 storage history = _history[account];
        uint256 entry = history.latest();
        _propagate(previous, key, _power(entry), false, _height(_childHeights[account]), NO_HEIGHT);
        history.push(key, uint208(entry & ~ID_MASK));
        delegator.delegatee = address(0);
        delegator.expiry = 0;
        emit DelegationChanged(account, previous, address(0), 0);
    }

    /// @dev Walks up from `node`: adds (or removes) `amount` of power at each account, and moves
    /// one direct delegator of `node` from height counter `removedHeight` to `addedHeight`
    /// (NO_HEIGHT: none). When that changes `node`'s own height, its parent's counters move the
    /// same way, and so on; the walk stops at the root, or as soon as nothing is left to carry.
    function _propagate(
        address node,
        uint48 key,
        uint256 amount,
        bool increase,
        uint256 removedHeight,
        uint256 addedHeight
    ) private {
        while (node != address(0)) {
            if (amount != 0) {
                Checkpoints.Trace208 storage history = _history[node];
                uint256 entry = history.latest();
                uint256 power = _power(entry);
                power = increase ? power + amount : power - amount;
                history.push(key, uint208((entry & ~(POWER_MASK << POWER_SHIFT)) | (power << POWER_SHIFT)));
            }
            if (removedHeight != addedHeight) {
                uint256 counters = _childHeights[node];
                uint256 before = _height(counters);
                if (removedHeight != NO_HEIGHT) counters -= 1 << (removedHeight * LANE_BITS);
                if (addedHeight != NO_HEIGHT) {
                    // A full counter would carry into the next one.
                    if ((counters >> (addedHeight * LANE_BITS)) & LANE_MASK == LANE_MASK) {
                        revert ReputationVotesTooManyDelegators(node);
                    }
                    counters += 1 << (addedHeight * LANE_BITS);
                }
                _childHeights[node] = counters;
                uint256 afterwards = _height(counters);
                (removedHeight, addedHeight) = before == afterwards ? (NO_HEIGHT, NO_HEIGHT) : (before, afterwards);
            } else if (amount == 0) {
                return;
            }
            node = _accounts[node].delegatee;
        }
    }

    function _assignId(address to) private returns (uint32 id) {
        id = _delegateCount;
        if (id == type(uint32).max) revert ReputationVotesTooManyDelegates(to);
        unchecked {
            ++id;
        }
        _delegateCount = id;
        _accounts[to].id = id;
        _delegateById[id] = to;
    }

    function _checkExpiry(uint40 expiry) private view {
        uint256 maxDuration = _maxDelegationDuration;
        uint256 latestAllowed = maxDuration == 0 ? type(uint40).max : block.timestamp + maxDuration;
        bool valid = expiry == 0 ? maxDuration == 0 : expiry > block.timestamp && expiry <= latestAllowed;
        if (!valid) revert ReputationVotesInvalidExpiry(expiry, latestAllowed);
    }

    /// @dev Lookups must be strictly in the past, so nothing done in the current second (which
    /// may still change) can affect a snapshot.
    function _pastKey(uint256 timepoint) private view returns (uint48) {
        if (timepoint >= block.timestamp) revert ReputationVotesFutureLookup(timepoint, block.timestamp);
        return SafeCast.toUint48(timepoint);
    }

    function _now() private view returns (uint48) {
        return SafeCast.toUint48(block.timestamp);
    }

    function _power(uint256 entry) private pure returns (uint256) {
        return (entry >> POWER_SHIFT) & POWER_MASK;
    }

    /// @dev One above the highest non-empty counter: the highest set bit lies in that counter.
    function _height(uint256 counters) private pure returns (uint256) {
        return counters == 0 ? 0 : Math.log2(counters) / LANE_BITS + 1;
    }
}
