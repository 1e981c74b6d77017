// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ISemaphore} from "@semaphore-protocol/contracts/interfaces/ISemaphore.sol";
import {IPersonhoodRegistry} from "../../../contracts/interfaces/IPersonhoodRegistry.sol";

/// @notice MOCK of the personhood registry, for Solidity unit, fuzz and invariant tests only.
/// @dev A Groth16 proof cannot be generated inside a Solidity test run, so this stand-in accepts
/// a "proof" whose first point is a keccak tag over its public signals, which only test code
/// makes (`tag`). It keeps the registry's other checks (known root, root validity). The real
/// registry and verifier are tested with real Semaphore proofs in test/ts/.
contract MockPersonhood is IPersonhoodRegistry {
    error MockPersonhoodUnknownRoot(uint256 root);
    error MockPersonhoodBadProof();

    uint256 public root = 1;
    uint32 public rootValidity = 30 days;
    mapping(uint256 root => uint256 retiredAt) public retiredAt;

    /// @notice Makes `newRoot` current; the previous root stays valid for `rootValidity`.
    function rotateRoot(uint256 newRoot) external {
        retiredAt[root] = block.timestamp;
        root = newRoot;
    }

    /// @notice The first proof point that makes `proof` acceptable.
    function tag(ISemaphore.SemaphoreProof memory proof) public pure returns (uint256) {
        return uint256(keccak256(abi.encode(proof.merkleTreeRoot, proof.nullifier, proof.message, proof.scope)));
    }

    /// @notice A proof for (`nullifier`, `message`, `scope`) against the current root.
    function makeProof(
        uint256 nullifier,
        uint256 message,
        uint256 scope
    ) external view returns (ISemaphore.SemaphoreProof memory proof) {
        proof.merkleTreeDepth = 10;
        proof.merkleTreeRoot = root;
        proof.nullifier = nullifier;
        proof.message = message;
        proof.scope = scope;
        proof.points[0] = tag(proof);
    }

    function verifyProof(ISemaphore.SemaphoreProof calldata proof) external view {
        if (!isRootValid(proof.merkleTreeRoot)) revert MockPersonhoodUnknownRoot(proof.merkleTreeRoot);
        if (proof.points[0] != tag(proof)) revert MockPersonhoodBadProof();
    }

    function isRootValid(uint256 candidate) public view returns (bool) {
        if (candidate == root) return true;
        uint256 retired = retiredAt[candidate];
        return retired != 0 && block.timestamp <= retired + rootValidity;
    }

    function depth() external pure returns (uint256) {
        return 10;
    }

    function size() external pure returns (uint256) {
        return 1;
    }

    function isMember(uint256) external pure returns (bool) {
        return true;
    }
}
