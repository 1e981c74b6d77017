// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ISemaphore} from "@semaphore-protocol/contracts/interfaces/ISemaphore.sol";

/// @title IPersonhoodRegistry
/// @notice Verified humans as one Semaphore v4 group. Registrars appointed by governance add an
/// identity commitment per person after their own off-chain check; a member proves membership
/// anonymously with a zero-knowledge proof whose nullifier is unique per (person, scope).
/// @dev Consumers (the agent timelock's veto, the governor's human house) check the proof's
/// `scope` and `message` themselves, call `verifyProof`, and keep their own nullifier sets.
/// A root stays acceptable for `rootValidity` seconds after it stopped being the current root,
/// so a proof made at the start of a veto window still verifies at its end; removing or
/// replacing a member retires every earlier root at once, so a removed key cannot keep proving.
interface IPersonhoodRegistry {
    /// @notice Reverts unless `proof` is a valid Semaphore proof of membership against the
    /// current root or a root still within its validity. Named errors say which check failed.
    function verifyProof(ISemaphore.SemaphoreProof calldata proof) external view;

    /// @notice Whether proofs made against `root` are accepted now.
    function isRootValid(uint256 root) external view returns (bool);

    /// @notice Seconds a superseded root stays acceptable.
    function rootValidity() external view returns (uint32);

    /// @notice The current Merkle root of the group.
    function root() external view returns (uint256);

    /// @notice The current depth of the group's tree.
    function depth() external view returns (uint256);

    /// @notice Number of leaves in the tree (removed members leave a zero leaf behind).
    function size() external view returns (uint256);

    /// @notice Whether `identityCommitment` is a member.
    function isMember(uint256 identityCommitment) external view returns (bool);
}
