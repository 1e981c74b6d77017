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
interface IReputationVotes {
    /// @notice Copies `account`'s current governance karma into the ledger (lowers it after decay,
    /// raises it after a gain) and moves the difference up its delegation chain.
    function sync(address account) external;

    /// @notice The caller delegates its weight to `to` until `expiry` (0: no expiry).
    function delegate(address to, uint40 expiry) external;

    /// @notice The caller takes its weight back.
    function undelegate() external;

    /// @notice Ends `account`'s delegation once its expiry has passed. Anyone may call it.
    function clearExpired(address account) external;

    /// @notice `account`'s own weight plus everything delegated to it, as it stood at the end of
    /// second `timepoint` (which must be in the past).
    function powerAt(address account, uint256 timepoint) external view returns (uint256);

    /// @notice `account`'s own weight at the end of second `timepoint`.
    function ownWeightAt(address account, uint256 timepoint) external view returns (uint256);

    /// @notice The sum of every account's own weight at the end of second `timepoint`.
    function totalWeightAt(uint256 timepoint) external view returns (uint256);

    /// @notice `account`'s delegate at the end of second `timepoint` (address(0): none).
    function delegateAt(address account, uint256 timepoint) external view returns (address);

    /// @notice `account`'s power and the accounts above it in the delegation chain (its
    /// delegate, that one's delegate, ...), all as they stood at the end of second `timepoint`.
    function powerAndChainAt(
        address account,
        uint256 timepoint
    ) external view returns (uint256 power, address[] memory chain);

    /// @notice Current power (own weight plus delegated).
    function powerOf(address account) external view returns (uint256);

    /// @notice Current own weight.
    function ownWeightOf(address account) external view returns (uint256);

    /// @notice Current delegate and the delegation's expiry (0 for none).
    function delegationOf(address account) external view returns (address delegatee, uint40 expiry);

    /// @notice Longest allowed chain of delegations, in hops.
    function maxDepth() external view returns (uint8);
}
