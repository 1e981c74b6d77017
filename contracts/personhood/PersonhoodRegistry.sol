// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ISemaphore} from "@semaphore-protocol/contracts/interfaces/ISemaphore.sol";
import {ISemaphoreVerifier} from "@semaphore-protocol/contracts/interfaces/ISemaphoreVerifier.sol";
import {SemaphoreGroups} from "@semaphore-protocol/contracts/base/SemaphoreGroups.sol";
import {MAX_DEPTH, MIN_DEPTH} from "@semaphore-protocol/contracts/base/Constants.sol";
import {InternalLeanIMT, LeanIMTData} from "@zk-kit/lean-imt.sol/InternalLeanIMT.sol";
import {SNARK_SCALAR_FIELD} from "@zk-kit/lean-imt.sol/Constants.sol";
import {GuardedOwnable} from "../access/GuardedOwnable.sol";
import {IAgentTimelock} from "../interfaces/IAgentTimelock.sol";
import {IPersonhoodRegistry, IPersonhoodRegistryAdmin} from "../interfaces/IPersonhoodRegistry.sol";

/// @title PersonhoodRegistry
/// @notice Proof of personhood as one Semaphore v4 group (id 0). Registrars appointed by the
/// owner (governance) add one identity commitment per person after their own off-chain check;
/// members prove membership anonymously and consumers verify those proofs here.
/// @dev Inherits SemaphoreGroups for the standard group views and events that Semaphore tooling
/// and indexers read, but mutates the tree directly: SemaphoreGroups' internal mutators check
/// `msg.sender` against the group admin (this contract), while access here follows the
/// registry's own rules. Uniqueness of persons is the registrars' off-chain duty; the registry
/// only guarantees that a commitment enters once (never again after removal or replacement).
/// Pausing stops additions and replacements (the ways a new key enters); removal and
/// verification keep working.
contract PersonhoodRegistry is IPersonhoodRegistryAdmin, SemaphoreGroups, GuardedOwnable {
    using InternalLeanIMT for LeanIMTData;

    uint256 private constant GROUP_ID = 0;
    uint256 private constant MIN_ROOT_VALIDITY = 1 days;

    /// @notice The Groth16 verifier of Semaphore v4 proofs (all depths in one contract).
    ISemaphoreVerifier public immutable verifier;

    /// @inheritdoc IPersonhoodRegistryAdmin
    mapping(address account => bool) public isRegistrar;
    /// @inheritdoc IPersonhoodRegistryAdmin
    mapping(uint256 identityCommitment => address) public registrarOf;

    /// @dev One slot per root ever current: a proof against the current root costs one storage
    /// read (the record says "current" by a zero `supersededAt`).
    mapping(uint256 root => RootRecord) private _roots;

    /// @inheritdoc IPersonhoodRegistry
    /// @dev Declared next to `_firstValidSequence` so that the check of a superseded root reads
    /// both in one slot. A sequence number, not a timestamp, decides which roots a removal
    /// retires, because several changes can happen in one block. 64 bits of sequence and 40 of
    /// time cannot overflow in practice.
    uint32 public rootValidity;
    uint64 private _firstValidSequence;
    uint64 private _rootSequence;

    constructor(
        address initialOwner,
        address initialGuardian,
        ISemaphoreVerifier semaphoreVerifier,
        uint32 initialRootValidity
    ) GuardedOwnable(initialOwner, initialGuardian) {
        if (address(semaphoreVerifier).code.length == 0) {
            revert PersonhoodRegistryInvalidVerifier(address(semaphoreVerifier));
        }
        verifier = semaphoreVerifier;
        // The registry administers its group itself: `getGroupAdmin(0)` names this contract.
        _createGroup(GROUP_ID, address(this));
        _setRootValidity(initialRootValidity);
    }

    // ---------------------------------------------------------------- governance

    /// @inheritdoc IPersonhoodRegistryAdmin
    function setRegistrar(address registrar, bool active) external onlyOwner {
        if (registrar == address(0)) revert PersonhoodRegistryInvalidRegistrar(registrar);
        isRegistrar[registrar] = active;
        emit RegistrarSet(registrar, active);
    }

    /// @inheritdoc IPersonhoodRegistryAdmin
    function setRootValidity(uint32 newRootValidity) external onlyOwner {
        _setRootValidity(newRootValidity);
    }

    /// @inheritdoc IPersonhoodRegistryAdmin
    function removeMember(uint256 identityCommitment, uint256[] calldata merkleProofSiblings) external onlyOwner {
        LeanIMTData storage tree = merkleTrees[GROUP_ID];
        if (!tree._has(identityCommitment)) revert PersonhoodRegistryNotMember(identityCommitment);
        uint256 index = tree._indexOf(identityCommitment);
        uint256 previousRoot = tree._root();
        uint256 newRoot = tree._remove(identityCommitment, merkleProofSiblings);
        emit MemberRemoved(GROUP_ID, index, identityCommitment, newRoot);
        _rotateRoot(previousRoot, newRoot, true);
    }

    // ---------------------------------------------------------------- registrars

    /// @inheritdoc IPersonhoodRegistryAdmin
    function addMember(uint256 identityCommitment) external whenNotPaused {
        if (!isRegistrar[msg.sender]) revert PersonhoodRegistryNotRegistrar(msg.sender);
        _record(identityCommitment, msg.sender);
        LeanIMTData storage tree = merkleTrees[GROUP_ID];
        uint256 index = tree.size;
        uint256 previousRoot = tree._root();
        uint256 newRoot = tree._insert(identityCommitment);
        emit MemberAdded(GROUP_ID, index, identityCommitment, newRoot);
        emit MembersRegistered(msg.sender, index, 1);
        _rotateRoot(previousRoot, newRoot, false);
    }

    /// @inheritdoc IPersonhoodRegistryAdmin
    function addMembers(uint256[] calldata identityCommitments) external whenNotPaused {
        if (!isRegistrar[msg.sender]) revert PersonhoodRegistryNotRegistrar(msg.sender);
        uint256 count = identityCommitments.length;
        // The tree library cannot take an empty batch (it underflows on an empty tree).
        if (count == 0) revert PersonhoodRegistryEmptyBatch();
        // Recording first also rejects a commitment repeated within the batch.
        for (uint256 i; i < count; ++i) {
            _record(identityCommitments[i], msg.sender);
        }
        LeanIMTData storage tree = merkleTrees[GROUP_ID];
        uint256 startIndex = tree.size;
        uint256 previousRoot = tree._root();
        uint256 newRoot = tree._insertMany(identityCommitments);
        emit MembersAdded(GROUP_ID, startIndex, identityCommitments, newRoot);
        emit MembersRegistered(msg.sender, startIndex, count);
        _rotateRoot(previousRoot, newRoot, false);
    }

    /// @inheritdoc IPersonhoodRegistryAdmin
    function replaceMember(
        uint256 oldCommitment,
        uint256 newCommitment,
        uint256[] calldata merkleProofSiblings
    ) external whenNotPaused {
        LeanIMTData storage tree = merkleTrees[GROUP_ID];
        if (!tree._has(oldCommitment)) revert PersonhoodRegistryNotMember(oldCommitment);
        address registrar = registrarOf[oldCommitment];
        // A removed registrar keeps its record but loses the right; the owner can always act.
        if (msg.sender != owner() && (msg.sender != registrar || !isRegistrar[msg.sender])) {
            revert PersonhoodRegistryNotRegistrarOf(oldCommitment, msg.sender);
        }
        _record(newCommitment, registrar);
        uint256 index = tree._indexOf(oldCommitment);
        uint256 previousRoot = tree._root();
        uint256 newRoot = tree._update(oldCommitment, newCommitment, merkleProofSiblings);
        emit MemberUpdated(GROUP_ID, index, oldCommitment, newCommitment, newRoot);
        _rotateRoot(previousRoot, newRoot, true);
    }

    // ---------------------------------------------------------------- verification

    /// @inheritdoc IPersonhoodRegistry
    function verifyProof(ISemaphore.SemaphoreProof calldata proof) external view {
        uint256 treeDepth = proof.merkleTreeDepth;
        if (treeDepth < MIN_DEPTH || treeDepth > MAX_DEPTH) revert PersonhoodRegistryDepthUnsupported(treeDepth);
        uint256 proofRoot = proof.merkleTreeRoot;
        RootRecord memory record = _roots[proofRoot];
        // The current root needs nothing more; anything else takes the slower checks.
        if (record.sequence == 0 || record.supersededAt != 0) _checkOtherRoot(proofRoot, record);
        bool valid = verifier.verifyProof(
            [proof.points[0], proof.points[1]],
            [[proof.points[2], proof.points[3]], [proof.points[4], proof.points[5]]],
            [proof.points[6], proof.points[7]],
            [proofRoot, proof.nullifier, _hash(proof.message), _hash(proof.scope)],
            treeDepth
        );
        if (!valid) revert PersonhoodRegistryInvalidProof();
    }

    /// @inheritdoc IPersonhoodRegistry
    function isRootValid(uint256 candidate) external view returns (bool) {
        RootRecord memory record = _roots[candidate];
        if (record.sequence == 0) return false;
        if (record.supersededAt == 0) return true;
        return record.sequence >= _firstValidSequence && block.timestamp <= uint256(record.supersededAt) + rootValidity;
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IPersonhoodRegistry
    function root() external view returns (uint256) {
        return merkleTrees[GROUP_ID]._root();
    }

    /// @inheritdoc IPersonhoodRegistry
    function depth() external view returns (uint256) {
        return merkleTrees[GROUP_ID].depth;
    }

    /// @inheritdoc IPersonhoodRegistry
    function size() external view returns (uint256) {
        return merkleTrees[GROUP_ID].size;
    }

    /// @inheritdoc IPersonhoodRegistry
    function isMember(uint256 identityCommitment) external view returns (bool) {
        return merkleTrees[GROUP_ID]._has(identityCommitment);
    }

    /// @inheritdoc IPersonhoodRegistryAdmin
    function rootRecord(uint256 candidate) external view returns (RootRecord memory) {
        return _roots[candidate];
    }

    /// @inheritdoc IPersonhoodRegistryAdmin
    function rootSequence() external view returns (uint64) {
        return _rootSequence;
    }

    /// @inheritdoc IPersonhoodRegistryAdmin
    function firstValidSequence() external view returns (uint64) {
        return _firstValidSequence;
    }

    // ---------------------------------------------------------------- internals

    /// @dev Puts a fresh commitment on `registrar`'s record. The record is never cleared, which
    /// is what keeps a removed or replaced commitment from entering again.
    function _record(uint256 identityCommitment, address registrar) private {
        // Zero is the tree's removed leaf, and the circuit works in the scalar field.
        if (identityCommitment == 0 || identityCommitment >= SNARK_SCALAR_FIELD) {
            revert PersonhoodRegistryInvalidCommitment(identityCommitment);
        }
        if (registrarOf[identityCommitment] != address(0)) {
            revert PersonhoodRegistryCommitmentUsed(identityCommitment);
        }
        registrarOf[identityCommitment] = registrar;
    }

    /// @dev Makes `newRoot` current and starts the validity window of `previousRoot`. `retire`
    /// (a removal or replacement) makes every earlier root unacceptable at once. Root zero (the
    /// tree's empty state, or a lone leaf removed) gets no record, so it is never accepted.
    function _rotateRoot(uint256 previousRoot, uint256 newRoot, bool retire) private {
        uint64 sequence = _rootSequence + 1;
        _rootSequence = sequence;
        if (retire) _firstValidSequence = sequence;
        if (previousRoot != 0) _roots[previousRoot].supersededAt = uint40(block.timestamp);
        if (newRoot != 0) _roots[newRoot] = RootRecord({sequence: sequence, supersededAt: 0});
        emit RootChanged(newRoot, sequence, retire);
    }

    /// @dev Reverts unless `candidate`, which is not the current root, is a superseded root still
    /// within its validity.
    function _checkOtherRoot(uint256 candidate, RootRecord memory record) private view {
        if (record.sequence == 0) {
            if (merkleTrees[GROUP_ID].size == 0) revert PersonhoodRegistryGroupEmpty();
            revert PersonhoodRegistryUnknownRoot(candidate);
        }
        if (record.sequence < _firstValidSequence) revert PersonhoodRegistryRootRetired(candidate);
        uint256 expiresAt = uint256(record.supersededAt) + rootValidity;
        if (block.timestamp > expiresAt) revert PersonhoodRegistryRootExpired(candidate, expiresAt);
    }

    /// @dev The floor is a day, raised to the owner's longest veto window when the owner is a
    /// timelock. A raw staticcall rather than try/catch: try/catch cannot catch a reply that
    /// fails to decode (an owner with a fallback, a multisig), which would lock the setter.
    function _setRootValidity(uint32 newRootValidity) private {
        uint256 minimum = MIN_ROOT_VALIDITY;
        address currentOwner = owner();
        if (currentOwner.code.length != 0) {
            (bool ok, bytes memory reply) = currentOwner.staticcall(
                abi.encodeCall(IAgentTimelock.longestVetoWindow, ())
            );
            if (ok && reply.length >= 32) {
                uint256 window = abi.decode(reply, (uint256));
                if (window > minimum) minimum = window;
            }
        }
        if (newRootValidity < minimum) revert PersonhoodRegistryRootValidityTooShort(newRootValidity, minimum);
        rootValidity = newRootValidity;
        emit RootValiditySet(newRootValidity);
    }

    /// @dev Semaphore's hash of message and scope into the SNARK scalar field.
    function _hash(uint256 value) private pure returns (uint256) {
        return uint256(keccak256(abi.encodePacked(value))) >> 8;
    }
}
