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
/// One person, one commitment: the registry refuses a commitment it has ever held, but whether
/// two commitments belong to the same person is for the registrars to check off-chain.
interface IPersonhoodRegistry {
    /// @notice What the registry knows of a root: its place in the sequence of roots (1 for the
    /// first; 0 for a root this group never had) and when it stopped being current (0 while it
    /// is current).
    struct RootRecord {
        uint64 sequence;
        uint40 supersededAt;
    }

    /// @notice Emitted when the owner appoints (`active`) or removes a registrar.
    event RegistrarSet(address indexed registrar, bool active);
    /// @notice Emitted when a registrar adds commitments: the leaves `startIndex` to
    /// `startIndex + count - 1` are on its record. The standard Semaphore events carry the rest.
    event MembersRegistered(address indexed registrar, uint256 startIndex, uint256 count);
    /// @notice Emitted on every change of the group's root. `earlierRetired` is set when the
    /// change removed or replaced a key, which makes every earlier root unacceptable at once.
    event RootChanged(uint256 indexed root, uint64 sequence, bool earlierRetired);
    /// @notice Emitted when the owner changes how long a superseded root stays acceptable.
    event RootValiditySet(uint32 rootValidity);

    /// @notice The proof's Merkle tree depth is outside [MIN_DEPTH, MAX_DEPTH].
    error PersonhoodRegistryDepthUnsupported(uint256 depth);
    /// @notice The group has no members yet, so no proof can be valid.
    error PersonhoodRegistryGroupEmpty();
    /// @notice The root was never a root of this group.
    error PersonhoodRegistryUnknownRoot(uint256 root);
    /// @notice The root was superseded more than `rootValidity` seconds ago.
    error PersonhoodRegistryRootExpired(uint256 root, uint256 expiredAt);
    /// @notice The root was retired by a later removal or replacement of a member.
    error PersonhoodRegistryRootRetired(uint256 root);
    /// @notice The Groth16 proof does not verify against its public signals.
    error PersonhoodRegistryInvalidProof();
    /// @notice The caller is not an active registrar.
    error PersonhoodRegistryNotRegistrar(address caller);
    /// @notice The caller is neither the owner nor the active registrar on record for `identityCommitment`.
    error PersonhoodRegistryNotRegistrarOf(uint256 identityCommitment, address caller);
    /// @notice The zero address cannot be a registrar.
    error PersonhoodRegistryInvalidRegistrar(address registrar);
    /// @notice The verifier is not a contract.
    error PersonhoodRegistryInvalidVerifier(address verifier);
    /// @notice The commitment is zero or not below the SNARK scalar field.
    error PersonhoodRegistryInvalidCommitment(uint256 identityCommitment);
    /// @notice The commitment is, or once was, in the group: a commitment enters once.
    error PersonhoodRegistryCommitmentUsed(uint256 identityCommitment);
    /// @notice The commitment is not a current member.
    error PersonhoodRegistryNotMember(uint256 identityCommitment);
    /// @notice `addMembers` was called with no commitment.
    error PersonhoodRegistryEmptyBatch();
    /// @notice The root validity is below `minimum` (one day, or the owner's longest veto window).
    error PersonhoodRegistryRootValidityTooShort(uint256 rootValidity, uint256 minimum);

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

/// @title IPersonhoodRegistryAdmin
/// @notice The registry's administration: registrars, membership changes, root validity, and the
/// views that come with them.
/// @dev Kept apart from IPersonhoodRegistry so that consumers (and the MockPersonhood stand-in
/// their tests use) depend only on verification and the root views.
interface IPersonhoodRegistryAdmin is IPersonhoodRegistry {
    /// @notice Appoints (`active`) or removes a registrar. Owner only. A removed registrar's
    /// members stay; replacing their keys then falls to the owner.
    function setRegistrar(address registrar, bool active) external;

    /// @notice Adds a person's identity commitment after the caller's off-chain check.
    /// Active registrars only; blocked while paused.
    function addMember(uint256 identityCommitment) external;

    /// @notice Adds several commitments at once (one root change). Active registrars only;
    /// blocked while paused.
    function addMembers(uint256[] calldata identityCommitments) external;

    /// @notice Replaces a member's commitment (a lost or stolen key) with a fresh one, kept on
    /// the same registrar's record. The active registrar on record for `oldCommitment`, or the
    /// owner; blocked while paused. Retires every earlier root.
    /// @param merkleProofSiblings The siblings of `oldCommitment`'s leaf in the current tree.
    function replaceMember(
        uint256 oldCommitment,
        uint256 newCommitment,
        uint256[] calldata merkleProofSiblings
    ) external;

    /// @notice Removes a member (its leaf becomes zero). Owner only; works while paused.
    /// Retires every earlier root.
    /// @param merkleProofSiblings The siblings of the commitment's leaf in the current tree.
    function removeMember(uint256 identityCommitment, uint256[] calldata merkleProofSiblings) external;

    /// @notice Sets how long a superseded root stays acceptable: at least a day, and at least
    /// the owner's `longestVetoWindow()` when the owner is a timelock that answers it. Owner only.
    /// The new value applies at once to roots already superseded (never to retired ones).
    function setRootValidity(uint32 newRootValidity) external;

    /// @notice Whether `account` is an active registrar.
    function isRegistrar(address account) external view returns (bool);

    /// @notice The registrar on whose record `identityCommitment` is (also after its removal or
    /// replacement); address(0) for a commitment never added.
    function registrarOf(uint256 identityCommitment) external view returns (address);

    /// @notice What the registry knows of `root` (see RootRecord).
    function rootRecord(uint256 root) external view returns (RootRecord memory);

    /// @notice The sequence number of the current root (0 before the first member).
    function rootSequence() external view returns (uint64);

    /// @notice Roots whose sequence number is below this were retired by a removal or a
    /// replacement (0 until the first one).
    function firstValidSequence() external view returns (uint64);
}
