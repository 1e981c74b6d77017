// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IReputationVotes
/// @notice Voting weight from the governance dimension of the karma registry, with liquid
/// delegation and a history, so a proposal can count weight as it stood when it was made.
/// @dev Each account's own weight is its governance karma as last synced from the registry
/// (`sync`, permissionless; the governor and the timelock sync every account whose governance
/// karma they change). An account delegates its whole weight to one other account; delegation is
/// transitive up to `maxDepth` hops, and the `power` of an account is its own weight plus the
/// power of every account delegating to it. Every change is checkpointed by block timestamp.
///
/// Staleness, by design: karma decays on read in the registry, but the ledger only moves when
/// someone calls `sync`; and an expired delegation keeps carrying its weight to the delegate (and
/// keeps appearing in `delegateAt` and `powerAndChainAt`) until someone calls `clearExpired`,
/// even though `delegationOf` already reports it as gone. Keepers (the worker fleet) call both.
///
/// Depth rule: no chain of delegations may be longer than `maxDepth` hops. Because anyone can
/// delegate to anyone, a delegate can be made "tall" by a chain of accounts below it, which limits
/// where it may delegate itself; `setRefusesDelegations` and `dropDelegator` let every account
/// control who delegates to it directly.
interface IReputationVotes {
    /// @notice Emitted whenever an account's delegation is set, renewed, ended or dropped.
    /// @param previousDelegate The delegate before the change (address(0): none).
    /// @param newDelegate The delegate after the change (address(0): none).
    /// @param expiry The new delegation's expiry (0: none, or no delegation).
    event DelegationChanged(
        address indexed delegator,
        address indexed previousDelegate,
        address indexed newDelegate,
        uint40 expiry
    );
    /// @notice Emitted when `sync` changes an account's own weight.
    event WeightSynced(address indexed account, uint256 previousWeight, uint256 newWeight);
    /// @notice Emitted when an account starts or stops refusing new delegations to it.
    event DelegationsRefused(address indexed account, bool refused);
    /// @notice Emitted when the owner raises the maximum chain length.
    event MaxDepthSet(uint8 maxDepth);
    /// @notice Emitted when the owner sets the longest delegation allowed (0: open-ended allowed).
    event MaxDelegationDurationSet(uint40 maxDelegationDuration);

    /// @notice Delegating to address(0); `undelegate` ends a delegation.
    error ReputationVotesZeroDelegate(address account);
    /// @notice An account cannot delegate to itself.
    error ReputationVotesSelfDelegation(address account);
    /// @notice `to` is below `account` in a delegation chain: delegating would close a cycle.
    error ReputationVotesCycle(address account, address to);
    /// @notice The delegation would create a chain of `length` hops, above `maxDepth`.
    error ReputationVotesChainTooLong(address account, address to, uint256 length, uint8 maxDepth);
    /// @notice The expiry is not in the future, is beyond `latestAllowed`, or is 0 (open-ended)
    /// while a maximum duration is set (then `latestAllowed` is the latest expiry allowed).
    error ReputationVotesInvalidExpiry(uint40 expiry, uint256 latestAllowed);
    /// @notice `account` has no delegation to end.
    error ReputationVotesNotDelegating(address account);
    /// @notice `account`'s delegation has no expiry, or it has not passed yet.
    error ReputationVotesNotExpired(address account, uint40 expiry);
    /// @notice `delegatee` refuses new delegations.
    error ReputationVotesDelegationRefused(address delegatee);
    /// @notice `delegator` does not delegate to `delegatee` (the caller of `dropDelegator`).
    error ReputationVotesNotDelegator(address delegatee, address delegator);
    /// @notice A history lookup at a timepoint that is not strictly in the past.
    error ReputationVotesFutureLookup(uint256 timepoint, uint256 currentTime);
    /// @notice A maximum depth of 0, above 8, or below the current one.
    error ReputationVotesInvalidMaxDepth(uint8 current, uint8 requested);
    /// @notice A weight or a total beyond what the packed history holds.
    error ReputationVotesWeightOverflow(uint256 value);
    /// @notice `delegatee` has as many direct delegators of one height as a counter holds (2^32 - 1).
    error ReputationVotesTooManyDelegators(address delegatee);
    /// @notice Every delegate id (2^32 - 1 of them) is taken; `delegatee` cannot get one.
    error ReputationVotesTooManyDelegates(address delegatee);

    /// @notice Copies `account`'s current governance karma into the ledger (lowers it after decay,
    /// raises it after a gain) and moves the difference up its delegation chain.
    function sync(address account) external;

    /// @notice `sync` for each account in `accounts`. Never paused.
    function syncMany(address[] calldata accounts) external;

    /// @notice The caller delegates its weight to `to` until `expiry` (0: no expiry).
    /// @dev Moves the caller's whole power (own weight plus everything delegated to it) from its
    /// previous delegate's chain, if any, to `to`'s. Delegating again to the current delegate only
    /// renews the expiry. Reverts if `to` refuses delegations, if it would close a cycle, or if any
    /// chain would exceed `maxDepth` hops: (hops above `to`) + 1 + (longest chain below the caller).
    /// While a maximum duration is set, `expiry` must be non-zero and at most that far ahead.
    /// Blocked while paused.
    function delegate(address to, uint40 expiry) external;

    /// @notice The caller takes its weight back.
    /// @dev Works on an expired delegation too, and while paused.
    function undelegate() external;

    /// @notice Ends `account`'s delegation once its expiry has passed. Anyone may call it.
    /// @dev Until someone does, the expired delegation still carries its weight. Never paused.
    function clearExpired(address account) external;

    /// @notice The caller ends `delegator`'s delegation to it: the weight returns to `delegator`.
    /// @dev Lets a delegate shed an unwanted subtree (which might otherwise stop it from
    /// delegating under the depth rule). Never paused.
    function dropDelegator(address delegator) external;

    /// @notice The caller refuses (true) or accepts again (false) new delegations to it. Existing
    /// delegations stay; `dropDelegator` ends them. Never paused.
    function setRefusesDelegations(bool refuses) external;

    /// @notice Raises the maximum chain length (owner only; never lowered, at most 8), since
    /// lowering it could leave existing chains too long.
    function setMaxDepth(uint8 newMaxDepth) external;

    /// @notice Sets the longest delegation new delegations may ask for, in seconds (owner only; 0:
    /// open-ended delegations allowed). Existing delegations keep their expiry.
    function setMaxDelegationDuration(uint40 newMaxDelegationDuration) external;

    /// @notice `account`'s own weight plus everything delegated to it, as it stood at the end of
    /// second `timepoint` (which must be in the past).
    function powerAt(address account, uint256 timepoint) external view returns (uint256);

    /// @notice `account`'s own weight at the end of second `timepoint`.
    function ownWeightAt(address account, uint256 timepoint) external view returns (uint256);

    /// @notice The sum of every account's own weight at the end of second `timepoint`.
    function totalWeightAt(uint256 timepoint) external view returns (uint256);

    /// @notice `account`'s delegate at the end of second `timepoint` (address(0): none).
    /// @dev A delegation that had expired but was not yet cleared still counts (it carried weight).
    function delegateAt(address account, uint256 timepoint) external view returns (address);

    /// @notice `account`'s power and the accounts above it in the delegation chain (its
    /// delegate, that one's delegate, ...), all as they stood at the end of second `timepoint`.
    /// @dev The chain has at most `maxDepth` entries; it follows the delegations that carried
    /// weight at `timepoint`, expired-but-uncleared ones included, so it matches the powers.
    function powerAndChainAt(
        address account,
        uint256 timepoint
    ) external view returns (uint256 power, address[] memory chain);

    /// @notice Current power (own weight plus delegated).
    function powerOf(address account) external view returns (uint256);

    /// @notice Current own weight.
    function ownWeightOf(address account) external view returns (uint256);

    /// @notice Current total of own weights.
    function totalWeight() external view returns (uint256);

    /// @notice Current delegate and the delegation's expiry (0 for none).
    /// @dev Reports no delegation once the expiry has passed, even before `clearExpired`.
    function delegationOf(address account) external view returns (address delegatee, uint40 expiry);

    /// @notice The delegation as stored, expired or not: the one that carries weight until cleared.
    function storedDelegationOf(address account) external view returns (address delegatee, uint40 expiry);

    /// @notice The longest chain of delegations below `account`, in hops (0: nobody delegates to it).
    function delegationHeightOf(address account) external view returns (uint8);

    /// @notice Whether `account` refuses new delegations.
    function refusesDelegations(address account) external view returns (bool);

    /// @notice Longest allowed chain of delegations, in hops.
    function maxDepth() external view returns (uint8);

    /// @notice Longest delegation allowed, in seconds (0: open-ended delegations allowed).
    function maxDelegationDuration() external view returns (uint40);
}
