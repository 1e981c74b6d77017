// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ISemaphore} from "@semaphore-protocol/contracts/interfaces/ISemaphore.sol";
import {ISemaphoreGroups} from "@semaphore-protocol/contracts/interfaces/ISemaphoreGroups.sol";
import {ISemaphoreVerifier} from "@semaphore-protocol/contracts/interfaces/ISemaphoreVerifier.sol";
import {WrongSiblingNodes} from "@zk-kit/lean-imt.sol/InternalLeanIMT.sol";
import {SNARK_SCALAR_FIELD} from "@zk-kit/lean-imt.sol/Constants.sol";
import {PoseidonT3} from "poseidon-solidity/PoseidonT3.sol";
import {IPersonhoodRegistry, IPersonhoodRegistryAdmin} from "../../../contracts/interfaces/IPersonhoodRegistry.sol";
import {PersonhoodRegistry} from "../../../contracts/personhood/PersonhoodRegistry.sol";

/// @notice MOCK of the Semaphore verifier, for these Solidity tests only: a Groth16 proof cannot
/// be made inside a Solidity test, so it accepts a "proof" whose first coordinate is a keccak tag
/// over everything else it receives (the other points, the public signals, the depth). A test
/// that builds the tag from the signals it expects therefore checks that the registry passes
/// the points in Semaphore's order and the signals [root, nullifier, hash(message), hash(scope)].
/// Real proofs and the real verifier are tested in test/ts/personhood.test.ts.
contract MockSemaphoreVerifier is ISemaphoreVerifier {
    function verifyProof(
        uint256[2] calldata pA,
        uint256[2][2] calldata pB,
        uint256[2] calldata pC,
        uint256[4] calldata pubSignals,
        uint256 merkleTreeDepth
    ) external pure returns (bool) {
        return pA[0] == tag(pA[1], pB, pC, pubSignals, merkleTreeDepth);
    }

    function tag(
        uint256 pA1,
        uint256[2][2] memory pB,
        uint256[2] memory pC,
        uint256[4] memory pubSignals,
        uint256 merkleTreeDepth
    ) public pure returns (uint256) {
        return uint256(keccak256(abi.encode(pA1, pB, pC, pubSignals, merkleTreeDepth)));
    }
}

/// @notice MOCK owner contract standing in for the agent timelock: it relays calls to the
/// registry and answers `longestVetoWindow()` in one of several ways (a proper answer, a revert,
/// a reply too short to decode, an empty reply), to test the root-validity floor.
contract MockTimelockOwner {
    enum Mode {
        Answer,
        Revert,
        ShortReply,
        EmptyReply
    }

    Mode public mode;
    uint256 public window;

    function set(Mode newMode, uint256 newWindow) external {
        mode = newMode;
        window = newWindow;
    }

    function relay(address target, bytes calldata data) external {
        (bool ok, bytes memory reply) = target.call(data);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(reply, 32), mload(reply))
            }
        }
    }

    fallback(bytes calldata) external returns (bytes memory) {
        if (mode == Mode.Revert) revert("no window");
        if (mode == Mode.ShortReply) return hex"01";
        if (mode == Mode.EmptyReply) return "";
        return abi.encode(window);
    }
}

/// @notice A reference Lean IMT over an in-memory leaf list (zero for a removed leaf): its
/// root, and the sibling list `InternalLeanIMT._update` expects. Independent of the registry's
/// library code, so the tests compare the on-chain tree against it.
library ReferenceLeanIMT {
    function root(uint256[] memory leaves) internal pure returns (uint256) {
        uint256 n = leaves.length;
        if (n == 0) return 0;
        uint256[] memory nodes = _copy(leaves);
        while (n > 1) {
            n = _up(nodes, n);
        }
        return nodes[0];
    }

    function siblings(uint256[] memory leaves, uint256 index) internal pure returns (uint256[] memory out) {
        uint256[] memory nodes = _copy(leaves);
        uint256 n = nodes.length;
        out = new uint256[](64);
        uint256 k;
        while (n > 1) {
            // A node without a right neighbour rises unchanged: no sibling at that level.
            if (index & 1 == 1) out[k++] = nodes[index - 1];
            else if (index + 1 < n) out[k++] = nodes[index + 1];
            n = _up(nodes, n);
            index >>= 1;
        }
        assembly ("memory-safe") {
            mstore(out, k)
        }
    }

    /// @dev Replaces the first half of `nodes` by the next level; returns its size.
    function _up(uint256[] memory nodes, uint256 n) private pure returns (uint256 m) {
        m = (n + 1) / 2;
        for (uint256 i; i < m; ++i) {
            nodes[i] = 2 * i + 1 < n ? PoseidonT3.hash([nodes[2 * i], nodes[2 * i + 1]]) : nodes[2 * i];
        }
    }

    function _copy(uint256[] memory a) private pure returns (uint256[] memory b) {
        b = new uint256[](a.length);
        for (uint256 i; i < a.length; ++i) b[i] = a[i];
    }
}

/// @notice Deployment, actors and helpers shared by the unit tests and the invariant handler.
abstract contract PersonhoodFixture is Test {
    uint32 internal constant VALIDITY = 21 days;

    PersonhoodRegistry internal registry;
    MockSemaphoreVerifier internal verifier;

    address internal owner = makeAddr("owner");
    address internal guardian = makeAddr("guardian");
    address internal registrarA = makeAddr("registrarA");
    address internal registrarB = makeAddr("registrarB");
    address internal stranger = makeAddr("stranger");

    /// @dev The group's leaves as the tests expect them (zero for a removed member).
    uint256[] internal leaves;

    function _deploy() internal {
        verifier = new MockSemaphoreVerifier();
        registry = new PersonhoodRegistry(owner, guardian, verifier, VALIDITY);
        vm.startPrank(owner);
        registry.setRegistrar(registrarA, true);
        registry.setRegistrar(registrarB, true);
        vm.stopPrank();
    }

    function _commitment(uint256 i) internal pure returns (uint256) {
        return (uint256(keccak256(abi.encode("member", i))) % (SNARK_SCALAR_FIELD - 1)) + 1;
    }

    function _add(address registrar, uint256 c) internal returns (uint256 newRoot) {
        vm.prank(registrar);
        registry.addMember(c);
        leaves.push(c);
        newRoot = registry.root();
    }

    function _replace(address caller, uint256 index, uint256 newC) internal returns (uint256 newRoot) {
        uint256[] memory sib = ReferenceLeanIMT.siblings(leaves, index);
        vm.prank(caller);
        registry.replaceMember(leaves[index], newC, sib);
        leaves[index] = newC;
        newRoot = registry.root();
    }

    function _remove(uint256 index) internal returns (uint256 newRoot) {
        uint256[] memory sib = ReferenceLeanIMT.siblings(leaves, index);
        vm.prank(owner);
        registry.removeMember(leaves[index], sib);
        leaves[index] = 0;
        newRoot = registry.root();
    }

    function _snarkHash(uint256 x) internal pure returns (uint256) {
        return uint256(keccak256(abi.encodePacked(x))) >> 8;
    }

    /// @dev A proof the mock verifier accepts, for these public signals and depth.
    function _proof(
        uint256 root_,
        uint256 nullifier,
        uint256 message,
        uint256 scope,
        uint256 depth_
    ) internal view returns (ISemaphore.SemaphoreProof memory p) {
        p.merkleTreeDepth = depth_;
        p.merkleTreeRoot = root_;
        p.nullifier = nullifier;
        p.message = message;
        p.scope = scope;
        for (uint256 i = 1; i < 8; ++i) p.points[i] = uint256(keccak256(abi.encode("point", i, nullifier)));
        p.points[0] = verifier.tag(
            p.points[1],
            [[p.points[2], p.points[3]], [p.points[4], p.points[5]]],
            [p.points[6], p.points[7]],
            [root_, nullifier, _snarkHash(message), _snarkHash(scope)],
            depth_
        );
    }

    function _proofFor(uint256 root_) internal view returns (ISemaphore.SemaphoreProof memory) {
        return _proof(root_, 7, 42, 99, 10);
    }
}

/// @notice Unit and fuzz tests of PersonhoodRegistry: registrars, membership changes and their
/// permissions, root bookkeeping and validity windows, verification checks, events and pause.
contract PersonhoodRegistryTest is PersonhoodFixture {
    function setUp() public {
        _deploy();
    }

    function _expectRootChanged(uint256 newRoot, uint64 sequence, bool retired) internal {
        vm.expectEmit(address(registry));
        emit IPersonhoodRegistry.RootChanged(newRoot, sequence, retired);
    }

    function _expectedRootWith(uint256 c) internal view returns (uint256) {
        uint256[] memory next = new uint256[](leaves.length + 1);
        for (uint256 i; i < leaves.length; ++i) next[i] = leaves[i];
        next[leaves.length] = c;
        return ReferenceLeanIMT.root(next);
    }

    function _expectedRootReplacing(uint256 index, uint256 c) internal view returns (uint256) {
        uint256[] memory next = leaves;
        next[index] = c;
        return ReferenceLeanIMT.root(next);
    }

    function _seedMembers(uint256 n) internal {
        for (uint256 i; i < n; ++i) _add(i % 2 == 0 ? registrarA : registrarB, _commitment(i));
    }

    function _expectVerifyRevert(ISemaphore.SemaphoreProof memory p, bytes memory reason) internal {
        vm.expectRevert(reason);
        registry.verifyProof(p);
    }

    // ---------------------------------------------------------------- deployment

    function test_constructor_setsStateAndCreatesGroupZero() public view {
        assertEq(registry.owner(), owner);
        assertEq(registry.guardian(), guardian);
        assertEq(address(registry.verifier()), address(verifier));
        assertEq(registry.rootValidity(), VALIDITY);
        assertEq(registry.getGroupAdmin(0), address(registry));
        assertEq(registry.root(), 0);
        assertEq(registry.size(), 0);
        assertEq(registry.depth(), 0);
        assertEq(registry.rootSequence(), 0);
        assertEq(registry.firstValidSequence(), 0);
        assertFalse(registry.isRootValid(0));
    }

    function test_constructor_emitsGroupAndValidityEvents() public {
        address predicted = vm.computeCreateAddress(address(this), vm.getNonce(address(this)));
        vm.expectEmit(predicted);
        emit ISemaphoreGroups.GroupCreated(0);
        vm.expectEmit(predicted);
        emit ISemaphoreGroups.GroupAdminUpdated(0, address(0), predicted);
        vm.expectEmit(predicted);
        emit IPersonhoodRegistry.RootValiditySet(VALIDITY);
        PersonhoodRegistry r = new PersonhoodRegistry(owner, guardian, verifier, VALIDITY);
        assertEq(address(r), predicted);
    }

    function test_constructor_revertsOnVerifierWithoutCode() public {
        vm.expectRevert(
            abi.encodeWithSelector(IPersonhoodRegistry.PersonhoodRegistryInvalidVerifier.selector, stranger)
        );
        new PersonhoodRegistry(owner, guardian, ISemaphoreVerifier(stranger), VALIDITY);
    }

    function test_constructor_revertsOnValidityBelowADay() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IPersonhoodRegistry.PersonhoodRegistryRootValidityTooShort.selector,
                1 days - 1,
                1 days
            )
        );
        new PersonhoodRegistry(owner, guardian, verifier, 1 days - 1);
    }

    function test_constructor_revertsOnValidityBelowTheTimelockWindow() public {
        MockTimelockOwner timelock = new MockTimelockOwner();
        timelock.set(MockTimelockOwner.Mode.Answer, 30 days);
        vm.expectRevert(
            abi.encodeWithSelector(
                IPersonhoodRegistry.PersonhoodRegistryRootValidityTooShort.selector,
                21 days,
                30 days
            )
        );
        new PersonhoodRegistry(address(timelock), guardian, verifier, 21 days);
    }

    function test_constructor_revertsOnZeroOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableInvalidOwner.selector, address(0)));
        new PersonhoodRegistry(address(0), guardian, verifier, VALIDITY);
    }

    // ---------------------------------------------------------------- registrars

    function test_setRegistrar_appointsAndRemovesWithEvents() public {
        assertFalse(registry.isRegistrar(stranger));
        vm.expectEmit(address(registry));
        emit IPersonhoodRegistry.RegistrarSet(stranger, true);
        vm.prank(owner);
        registry.setRegistrar(stranger, true);
        assertTrue(registry.isRegistrar(stranger));

        vm.expectEmit(address(registry));
        emit IPersonhoodRegistry.RegistrarSet(stranger, false);
        vm.prank(owner);
        registry.setRegistrar(stranger, false);
        assertFalse(registry.isRegistrar(stranger));
    }

    function test_setRegistrar_revertsForNonOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, registrarA));
        vm.prank(registrarA);
        registry.setRegistrar(stranger, true);
    }

    function test_setRegistrar_revertsOnZeroAddress() public {
        vm.expectRevert(
            abi.encodeWithSelector(IPersonhoodRegistry.PersonhoodRegistryInvalidRegistrar.selector, address(0))
        );
        vm.prank(owner);
        registry.setRegistrar(address(0), true);
    }

    function test_removedRegistrar_cannotAddButItsMembersStay() public {
        _seedMembers(2);
        vm.prank(owner);
        registry.setRegistrar(registrarA, false);
        assertTrue(registry.isMember(leaves[0]));
        assertEq(registry.registrarOf(leaves[0]), registrarA);
        vm.expectRevert(
            abi.encodeWithSelector(IPersonhoodRegistry.PersonhoodRegistryNotRegistrar.selector, registrarA)
        );
        vm.prank(registrarA);
        registry.addMember(_commitment(100));
    }

    // ---------------------------------------------------------------- addMember

    function test_addMember_addsRecordsAndEmits() public {
        uint256 c = _commitment(1);
        vm.expectEmit(address(registry));
        emit ISemaphoreGroups.MemberAdded(0, 0, c, c); // a lone leaf is the root
        vm.expectEmit(address(registry));
        emit IPersonhoodRegistry.MembersRegistered(registrarA, 0, 1);
        _expectRootChanged(c, 1, false);
        vm.prank(registrarA);
        registry.addMember(c);

        assertTrue(registry.isMember(c));
        assertTrue(registry.hasMember(0, c));
        assertEq(registry.indexOf(0, c), 0);
        assertEq(registry.registrarOf(c), registrarA);
        assertEq(registry.size(), 1);
        assertEq(registry.depth(), 0);
        assertEq(registry.root(), c);
        assertEq(registry.getMerkleTreeRoot(0), c);
        assertEq(registry.rootSequence(), 1);
        IPersonhoodRegistryAdmin.RootRecord memory rec = registry.rootRecord(c);
        assertEq(rec.sequence, 1);
        assertEq(rec.supersededAt, 0);
        assertTrue(registry.isRootValid(c));
    }

    function test_addMember_secondMemberSupersedesTheFirstRoot() public {
        uint256 first = _add(registrarA, _commitment(1));
        uint256 c = _commitment(2);
        uint256 expected = _expectedRootWith(c);
        vm.warp(1000);
        vm.expectEmit(address(registry));
        emit ISemaphoreGroups.MemberAdded(0, 1, c, expected);
        vm.expectEmit(address(registry));
        emit IPersonhoodRegistry.MembersRegistered(registrarB, 1, 1);
        _expectRootChanged(expected, 2, false);
        uint256 second = _add(registrarB, c);

        assertEq(second, expected);
        assertEq(second, PoseidonT3.hash([_commitment(1), c]));
        assertEq(registry.depth(), 1);
        assertEq(registry.registrarOf(c), registrarB);
        IPersonhoodRegistryAdmin.RootRecord memory rec = registry.rootRecord(first);
        assertEq(rec.sequence, 1);
        assertEq(rec.supersededAt, 1000);
        assertTrue(registry.isRootValid(first));
        assertTrue(registry.isRootValid(second));
    }

    function test_addMember_revertsForNonRegistrar() public {
        vm.expectRevert(abi.encodeWithSelector(IPersonhoodRegistry.PersonhoodRegistryNotRegistrar.selector, owner));
        vm.prank(owner);
        registry.addMember(_commitment(1));
    }

    function test_addMember_revertsWhilePaused() public {
        vm.prank(guardian);
        registry.pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(registrarA);
        registry.addMember(_commitment(1));
    }

    function test_addMember_revertsOnZeroAndOutOfFieldCommitments() public {
        vm.startPrank(registrarA);
        vm.expectRevert(abi.encodeWithSelector(IPersonhoodRegistry.PersonhoodRegistryInvalidCommitment.selector, 0));
        registry.addMember(0);
        vm.expectRevert(
            abi.encodeWithSelector(IPersonhoodRegistry.PersonhoodRegistryInvalidCommitment.selector, SNARK_SCALAR_FIELD)
        );
        registry.addMember(SNARK_SCALAR_FIELD);
        registry.addMember(SNARK_SCALAR_FIELD - 1); // the largest field element is fine
        vm.stopPrank();
    }

    function test_addMember_revertsOnACommitmentAlreadyAdded() public {
        uint256 c = _commitment(1);
        _add(registrarA, c);
        bytes memory used = abi.encodeWithSelector(IPersonhoodRegistry.PersonhoodRegistryCommitmentUsed.selector, c);
        vm.expectRevert(used);
        vm.prank(registrarA);
        registry.addMember(c);
        vm.expectRevert(used);
        vm.prank(registrarB);
        registry.addMember(c);
    }

    function test_addMember_revertsOnARemovedOrReplacedCommitment() public {
        _seedMembers(3);
        uint256 removed = leaves[0];
        uint256 replaced = leaves[1];
        _remove(0);
        _replace(registrarB, 1, _commitment(50));
        vm.startPrank(registrarA);
        vm.expectRevert(abi.encodeWithSelector(IPersonhoodRegistry.PersonhoodRegistryCommitmentUsed.selector, removed));
        registry.addMember(removed);
        vm.expectRevert(
            abi.encodeWithSelector(IPersonhoodRegistry.PersonhoodRegistryCommitmentUsed.selector, replaced)
        );
        registry.addMember(replaced);
        vm.stopPrank();
    }

    // ---------------------------------------------------------------- addMembers

    function test_addMembers_addsABatchInOneRootChange() public {
        _add(registrarA, _commitment(0));
        uint256[] memory batch = new uint256[](4);
        for (uint256 i; i < 4; ++i) batch[i] = _commitment(i + 1);
        uint256[] memory all = new uint256[](5);
        all[0] = _commitment(0);
        for (uint256 i; i < 4; ++i) all[i + 1] = batch[i];
        uint256 expected = ReferenceLeanIMT.root(all);

        vm.expectEmit(address(registry));
        emit ISemaphoreGroups.MembersAdded(0, 1, batch, expected);
        vm.expectEmit(address(registry));
        emit IPersonhoodRegistry.MembersRegistered(registrarB, 1, 4);
        _expectRootChanged(expected, 2, false);
        vm.prank(registrarB);
        registry.addMembers(batch);

        assertEq(registry.root(), expected);
        assertEq(registry.size(), 5);
        assertEq(registry.depth(), 3);
        assertEq(registry.rootSequence(), 2);
        for (uint256 i; i < 4; ++i) {
            assertTrue(registry.isMember(batch[i]));
            assertEq(registry.registrarOf(batch[i]), registrarB);
            assertEq(registry.indexOf(0, batch[i]), i + 1);
        }
    }

    function test_addMembers_revertsOnEmptyBatch() public {
        vm.expectRevert(IPersonhoodRegistry.PersonhoodRegistryEmptyBatch.selector);
        vm.prank(registrarA);
        registry.addMembers(new uint256[](0));
    }

    function test_addMembers_revertsOnRepeatWithinTheBatch() public {
        uint256[] memory batch = new uint256[](3);
        batch[0] = _commitment(1);
        batch[1] = _commitment(2);
        batch[2] = _commitment(1);
        vm.expectRevert(
            abi.encodeWithSelector(IPersonhoodRegistry.PersonhoodRegistryCommitmentUsed.selector, batch[0])
        );
        vm.prank(registrarA);
        registry.addMembers(batch);
    }

    function test_addMembers_revertsOnAnExistingMember() public {
        _add(registrarA, _commitment(1));
        uint256[] memory batch = new uint256[](2);
        batch[0] = _commitment(2);
        batch[1] = _commitment(1);
        vm.expectRevert(
            abi.encodeWithSelector(IPersonhoodRegistry.PersonhoodRegistryCommitmentUsed.selector, batch[1])
        );
        vm.prank(registrarB);
        registry.addMembers(batch);
    }

    function test_addMembers_revertsOnAnInvalidCommitment() public {
        uint256[] memory batch = new uint256[](2);
        batch[0] = _commitment(2);
        vm.expectRevert(abi.encodeWithSelector(IPersonhoodRegistry.PersonhoodRegistryInvalidCommitment.selector, 0));
        vm.prank(registrarA);
        registry.addMembers(batch);
    }

    function test_addMembers_revertsForNonRegistrarAndWhilePaused() public {
        uint256[] memory batch = new uint256[](1);
        batch[0] = _commitment(1);
        vm.expectRevert(abi.encodeWithSelector(IPersonhoodRegistry.PersonhoodRegistryNotRegistrar.selector, stranger));
        vm.prank(stranger);
        registry.addMembers(batch);

        vm.prank(guardian);
        registry.pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(registrarA);
        registry.addMembers(batch);
    }

    // ---------------------------------------------------------------- replaceMember

    function test_replaceMember_byItsRegistrar_swapsKeyAndRetiresEarlierRoots() public {
        _seedMembers(5);
        uint256 oldRoot = registry.root();
        uint256 firstRoot = _commitment(0);
        uint256 old = leaves[2];
        uint256 c = _commitment(77);
        uint256 expected = _expectedRootReplacing(2, c);
        uint256[] memory sib = ReferenceLeanIMT.siblings(leaves, 2);

        vm.expectEmit(address(registry));
        emit ISemaphoreGroups.MemberUpdated(0, 2, old, c, expected);
        _expectRootChanged(expected, 6, true);
        vm.prank(registrarA); // leaves[2] was added by registrarA
        registry.replaceMember(old, c, sib);
        leaves[2] = c;

        assertEq(registry.root(), expected);
        assertFalse(registry.isMember(old));
        assertTrue(registry.isMember(c));
        assertEq(registry.indexOf(0, c), 2);
        assertEq(registry.registrarOf(c), registrarA);
        assertEq(registry.registrarOf(old), registrarA, "the record of the old key stays");
        assertEq(registry.size(), 5);
        assertEq(registry.firstValidSequence(), 6);
        assertFalse(registry.isRootValid(oldRoot));
        assertFalse(registry.isRootValid(firstRoot));
        assertTrue(registry.isRootValid(expected));
        _expectVerifyRevert(
            _proofFor(oldRoot),
            abi.encodeWithSelector(IPersonhoodRegistry.PersonhoodRegistryRootRetired.selector, oldRoot)
        );
    }

    function test_replaceMember_byOwner_forAMemberOfARemovedRegistrar() public {
        _seedMembers(3);
        vm.prank(owner);
        registry.setRegistrar(registrarB, false);
        uint256 old = leaves[1];
        bytes memory denied = abi.encodeWithSelector(
            IPersonhoodRegistry.PersonhoodRegistryNotRegistrarOf.selector,
            old,
            registrarB
        );
        uint256[] memory sib = ReferenceLeanIMT.siblings(leaves, 1);
        vm.expectRevert(denied);
        vm.prank(registrarB);
        registry.replaceMember(old, _commitment(9), sib);

        uint256 newRoot = _replace(owner, 1, _commitment(9));
        assertEq(newRoot, ReferenceLeanIMT.root(leaves));
        assertEq(registry.registrarOf(_commitment(9)), registrarB, "stays on the original registrar's record");
    }

    function test_replaceMember_revertsForAnotherRegistrarOrStranger() public {
        _seedMembers(2);
        uint256[] memory sib = ReferenceLeanIMT.siblings(leaves, 0);
        vm.expectRevert(
            abi.encodeWithSelector(IPersonhoodRegistry.PersonhoodRegistryNotRegistrarOf.selector, leaves[0], registrarB)
        );
        vm.prank(registrarB);
        registry.replaceMember(leaves[0], _commitment(9), sib);
        vm.expectRevert(
            abi.encodeWithSelector(IPersonhoodRegistry.PersonhoodRegistryNotRegistrarOf.selector, leaves[0], stranger)
        );
        vm.prank(stranger);
        registry.replaceMember(leaves[0], _commitment(9), sib);
    }

    function test_replaceMember_revertsOnANonMember() public {
        _seedMembers(2);
        uint256[] memory sib = ReferenceLeanIMT.siblings(leaves, 0);
        uint256 ghost = _commitment(1234);
        vm.expectRevert(abi.encodeWithSelector(IPersonhoodRegistry.PersonhoodRegistryNotMember.selector, ghost));
        vm.prank(owner);
        registry.replaceMember(ghost, _commitment(9), sib);

        uint256 gone = leaves[0];
        _remove(0);
        vm.expectRevert(abi.encodeWithSelector(IPersonhoodRegistry.PersonhoodRegistryNotMember.selector, gone));
        vm.prank(owner);
        registry.replaceMember(gone, _commitment(9), sib);
    }

    function test_replaceMember_revertsOnAUsedOrInvalidNewCommitment() public {
        _seedMembers(3);
        uint256[] memory sib = ReferenceLeanIMT.siblings(leaves, 0);
        vm.startPrank(registrarA);
        vm.expectRevert(
            abi.encodeWithSelector(IPersonhoodRegistry.PersonhoodRegistryCommitmentUsed.selector, leaves[1])
        );
        registry.replaceMember(leaves[0], leaves[1], sib);
        // Zero would silently remove the member through the tree's update.
        vm.expectRevert(abi.encodeWithSelector(IPersonhoodRegistry.PersonhoodRegistryInvalidCommitment.selector, 0));
        registry.replaceMember(leaves[0], 0, sib);
        vm.expectRevert(
            abi.encodeWithSelector(IPersonhoodRegistry.PersonhoodRegistryInvalidCommitment.selector, SNARK_SCALAR_FIELD)
        );
        registry.replaceMember(leaves[0], SNARK_SCALAR_FIELD, sib);
        vm.stopPrank();
    }

    function test_replaceMember_revertsOnWrongSiblingsAndKeepsTheNewKeyFree() public {
        _seedMembers(4);
        uint256[] memory sib = ReferenceLeanIMT.siblings(leaves, 1); // siblings of another leaf
        uint256 c = _commitment(9);
        vm.expectRevert(WrongSiblingNodes.selector);
        vm.prank(registrarA);
        registry.replaceMember(leaves[0], c, sib);
        assertEq(registry.registrarOf(c), address(0));
        _replace(registrarA, 0, c); // the same key still enters with the right siblings
    }

    function test_replaceMember_revertsWhilePausedEvenForTheOwner() public {
        _seedMembers(2);
        vm.prank(guardian);
        registry.pause();
        uint256[] memory sib = ReferenceLeanIMT.siblings(leaves, 0);
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(registrarA);
        registry.replaceMember(leaves[0], _commitment(9), sib);
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(owner);
        registry.replaceMember(leaves[0], _commitment(9), sib);
    }

    // ---------------------------------------------------------------- removeMember

    function test_removeMember_zeroesTheLeafAndRetiresEarlierRoots() public {
        _seedMembers(3);
        uint256 oldRoot = registry.root();
        uint256 gone = leaves[1];
        uint256 expected = _expectedRootReplacing(1, 0);
        uint256[] memory sib = ReferenceLeanIMT.siblings(leaves, 1);

        vm.expectEmit(address(registry));
        emit ISemaphoreGroups.MemberRemoved(0, 1, gone, expected);
        _expectRootChanged(expected, 4, true);
        vm.prank(owner);
        registry.removeMember(gone, sib);
        leaves[1] = 0;

        assertEq(registry.root(), expected);
        assertFalse(registry.isMember(gone));
        assertEq(registry.size(), 3, "a removed member leaves a zero leaf");
        assertEq(registry.registrarOf(gone), registrarB);
        assertEq(registry.firstValidSequence(), 4);
        assertFalse(registry.isRootValid(oldRoot));
        assertTrue(registry.isRootValid(expected));
    }

    function test_removeMember_revertsForNonOwnerIncludingRegistrar() public {
        _seedMembers(2);
        uint256[] memory sib = ReferenceLeanIMT.siblings(leaves, 0);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, registrarA));
        vm.prank(registrarA);
        registry.removeMember(leaves[0], sib);
    }

    function test_removeMember_revertsOnANonMember() public {
        _seedMembers(2);
        uint256[] memory sib = ReferenceLeanIMT.siblings(leaves, 0);
        uint256 gone = leaves[0];
        _remove(0);
        vm.expectRevert(abi.encodeWithSelector(IPersonhoodRegistry.PersonhoodRegistryNotMember.selector, gone));
        vm.prank(owner);
        registry.removeMember(gone, sib);
    }

    function test_removeMember_revertsOnWrongSiblings() public {
        _seedMembers(3);
        uint256[] memory sib = ReferenceLeanIMT.siblings(leaves, 1); // as many, but another leaf's
        vm.expectRevert(WrongSiblingNodes.selector);
        vm.prank(owner);
        registry.removeMember(leaves[0], sib);
    }

    function test_removeMember_worksWhilePaused() public {
        _seedMembers(3);
        vm.prank(guardian);
        registry.pause();
        _remove(2);
        assertEq(registry.root(), ReferenceLeanIMT.root(leaves));
    }

    function test_removeMember_ofTheOnlyMember_leavesRootZeroNeverAccepted() public {
        uint256 only = _add(registrarA, _commitment(1));
        _expectRootChanged(0, 2, true);
        _remove(0);
        assertEq(registry.root(), 0);
        assertEq(registry.size(), 1);
        assertFalse(registry.isRootValid(0));
        assertFalse(registry.isRootValid(only));
        _expectVerifyRevert(
            _proofFor(0),
            abi.encodeWithSelector(IPersonhoodRegistry.PersonhoodRegistryUnknownRoot.selector, 0)
        );
        // The group grows again from the zero leaf.
        uint256 next = _add(registrarB, _commitment(2));
        assertEq(next, PoseidonT3.hash([uint256(0), _commitment(2)]));
        assertTrue(registry.isRootValid(next));
        assertEq(registry.rootRecord(next).sequence, 3);
    }

    // ---------------------------------------------------------------- root validity

    function test_supersededRoot_validUntilTheEndOfItsWindow() public {
        uint256 first = _add(registrarA, _commitment(1));
        vm.warp(5000);
        _add(registrarA, _commitment(2));
        uint256 expiresAt = 5000 + uint256(VALIDITY);
        vm.warp(expiresAt);
        assertTrue(registry.isRootValid(first));
        registry.verifyProof(_proofFor(first));
        vm.warp(expiresAt + 1);
        assertFalse(registry.isRootValid(first));
        _expectVerifyRevert(
            _proofFor(first),
            abi.encodeWithSelector(IPersonhoodRegistry.PersonhoodRegistryRootExpired.selector, first, expiresAt)
        );
    }

    function test_validityCountsFromSupersession_notFromCreation() public {
        uint256 first = _add(registrarA, _commitment(1));
        // The root stays current for longer than the validity window...
        // Times are literals: via IR, a local copy of block.timestamp may be re-read after a warp.
        uint256 supersededAt = 1000 + 2 * uint256(VALIDITY);
        vm.warp(supersededAt);
        registry.verifyProof(_proofFor(first));
        _add(registrarA, _commitment(2));
        // ...and still gets its whole window once superseded.
        vm.warp(supersededAt + VALIDITY);
        assertTrue(registry.isRootValid(first));
    }

    function test_currentRoot_neverExpires() public {
        uint256 r = _add(registrarA, _commitment(1));
        vm.warp(block.timestamp + 3650 days);
        assertTrue(registry.isRootValid(r));
        registry.verifyProof(_proofFor(r));
    }

    function test_retirement_usesSequenceWithinOneBlock() public {
        uint256 r1 = _add(registrarA, _commitment(1));
        uint256 r2 = _add(registrarA, _commitment(2));
        uint256 r3 = _add(registrarB, _commitment(3));
        uint256 r4 = _remove(0); // same block and timestamp as the three additions
        uint256 r5 = _add(registrarB, _commitment(4));
        assertFalse(registry.isRootValid(r1));
        assertFalse(registry.isRootValid(r2));
        assertFalse(registry.isRootValid(r3));
        assertTrue(registry.isRootValid(r4), "superseded by an addition after the removal");
        assertTrue(registry.isRootValid(r5));
        assertEq(registry.firstValidSequence(), 4);
        _expectVerifyRevert(
            _proofFor(r3),
            abi.encodeWithSelector(IPersonhoodRegistry.PersonhoodRegistryRootRetired.selector, r3)
        );
        registry.verifyProof(_proofFor(r4));
        // Retirement is permanent: a longer validity does not bring a retired root back.
        vm.prank(owner);
        registry.setRootValidity(type(uint32).max);
        assertFalse(registry.isRootValid(r3));
    }

    function test_rootValidity_appliesTheCurrentSettingToSupersededRoots() public {
        uint256 first = _add(registrarA, _commitment(1));
        vm.warp(1000);
        _add(registrarA, _commitment(2));
        vm.warp(1000 + 10 days);
        vm.prank(owner);
        registry.setRootValidity(7 days);
        assertFalse(registry.isRootValid(first), "shortened");
        vm.prank(owner);
        registry.setRootValidity(30 days);
        assertTrue(registry.isRootValid(first), "lengthened");
    }

    // ---------------------------------------------------------------- setRootValidity

    function test_setRootValidity_setsAndEmits() public {
        vm.expectEmit(address(registry));
        emit IPersonhoodRegistry.RootValiditySet(1 days);
        vm.prank(owner);
        registry.setRootValidity(1 days);
        assertEq(registry.rootValidity(), 1 days);
    }

    function test_setRootValidity_revertsForNonOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, guardian));
        vm.prank(guardian);
        registry.setRootValidity(30 days);
    }

    function test_setRootValidity_revertsBelowADay() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IPersonhoodRegistry.PersonhoodRegistryRootValidityTooShort.selector,
                1 days - 1,
                1 days
            )
        );
        vm.prank(owner);
        registry.setRootValidity(1 days - 1);
    }

    function _handOverTo(MockTimelockOwner timelock) internal {
        vm.prank(owner);
        registry.transferOwnership(address(timelock));
        timelock.relay(address(registry), abi.encodeCall(Ownable2Step.acceptOwnership, ()));
        assertEq(registry.owner(), address(timelock));
    }

    function test_setRootValidity_atLeastTheTimelocksLongestVetoWindow() public {
        MockTimelockOwner timelock = new MockTimelockOwner();
        timelock.set(MockTimelockOwner.Mode.Answer, 30 days);
        _handOverTo(timelock);
        bytes memory call29 = abi.encodeCall(IPersonhoodRegistryAdmin.setRootValidity, (29 days));
        vm.expectRevert(
            abi.encodeWithSelector(
                IPersonhoodRegistry.PersonhoodRegistryRootValidityTooShort.selector,
                29 days,
                30 days
            )
        );
        timelock.relay(address(registry), call29);
        timelock.relay(address(registry), abi.encodeCall(IPersonhoodRegistryAdmin.setRootValidity, (30 days)));
        assertEq(registry.rootValidity(), 30 days);

        // A window shorter than a day leaves the one-day floor.
        timelock.set(MockTimelockOwner.Mode.Answer, 1 hours);
        vm.expectRevert(
            abi.encodeWithSelector(IPersonhoodRegistry.PersonhoodRegistryRootValidityTooShort.selector, 1 hours, 1 days)
        );
        timelock.relay(address(registry), abi.encodeCall(IPersonhoodRegistryAdmin.setRootValidity, (1 hours)));
        timelock.relay(address(registry), abi.encodeCall(IPersonhoodRegistryAdmin.setRootValidity, (1 days)));
        assertEq(registry.rootValidity(), 1 days);
    }

    function test_setRootValidity_ownerContractWithoutAnAnswerGetsTheDayFloor() public {
        MockTimelockOwner timelock = new MockTimelockOwner();
        _handOverTo(timelock);
        MockTimelockOwner.Mode[3] memory modes = [
            MockTimelockOwner.Mode.Revert,
            MockTimelockOwner.Mode.ShortReply,
            MockTimelockOwner.Mode.EmptyReply
        ];
        for (uint256 i; i < modes.length; ++i) {
            timelock.set(modes[i], 365 days); // the window it would answer is ignored
            timelock.relay(
                address(registry),
                abi.encodeCall(IPersonhoodRegistryAdmin.setRootValidity, (uint32(1 days + i)))
            );
            assertEq(registry.rootValidity(), 1 days + i);
        }
    }

    // ---------------------------------------------------------------- verifyProof

    function test_verifyProof_acceptsTheCurrentRootAndPassesSemaphoreSignals() public {
        _seedMembers(3);
        registry.verifyProof(_proof(registry.root(), 123, 456, 789, 1));
        registry.verifyProof(_proof(registry.root(), 123, 456, 789, 32));
    }

    function test_verifyProof_rejectsTamperedSignals() public {
        _seedMembers(3);
        bytes memory invalid = abi.encodeWithSelector(IPersonhoodRegistry.PersonhoodRegistryInvalidProof.selector);
        ISemaphore.SemaphoreProof memory p = _proofFor(registry.root());
        p.message += 1;
        _expectVerifyRevert(p, invalid);
        p = _proofFor(registry.root());
        p.scope += 1;
        _expectVerifyRevert(p, invalid);
        p = _proofFor(registry.root());
        p.nullifier += 1;
        _expectVerifyRevert(p, invalid);
        p = _proofFor(registry.root());
        p.merkleTreeDepth = 11;
        _expectVerifyRevert(p, invalid);
        p = _proofFor(registry.root());
        p.points[7] += 1;
        _expectVerifyRevert(p, invalid);
    }

    function test_verifyProof_rejectsUnsupportedDepths() public {
        _seedMembers(1);
        _expectVerifyRevert(
            _proof(registry.root(), 1, 2, 3, 0),
            abi.encodeWithSelector(IPersonhoodRegistry.PersonhoodRegistryDepthUnsupported.selector, 0)
        );
        _expectVerifyRevert(
            _proof(registry.root(), 1, 2, 3, 33),
            abi.encodeWithSelector(IPersonhoodRegistry.PersonhoodRegistryDepthUnsupported.selector, 33)
        );
    }

    function test_verifyProof_rejectsAnEmptyGroup() public {
        _expectVerifyRevert(
            _proofFor(12345),
            abi.encodeWithSelector(IPersonhoodRegistry.PersonhoodRegistryGroupEmpty.selector)
        );
    }

    function test_verifyProof_rejectsAnUnknownRoot() public {
        _seedMembers(2);
        _expectVerifyRevert(
            _proofFor(12345),
            abi.encodeWithSelector(IPersonhoodRegistry.PersonhoodRegistryUnknownRoot.selector, 12345)
        );
        assertFalse(registry.isRootValid(12345));
    }

    function test_verifyProof_worksWhilePaused() public {
        _seedMembers(2);
        vm.prank(guardian);
        registry.pause();
        registry.verifyProof(_proofFor(registry.root()));
    }

    // ---------------------------------------------------------------- fuzz

    /// @notice Any mix of single and batch additions yields the reference Lean IMT root, and
    /// every member's index and registrar.
    function testFuzz_additions_matchTheReferenceTree(uint256 seed) public {
        uint256 n = bound(seed, 1, 17);
        uint256 next;
        while (next < n) {
            uint256 chunk = bound(uint256(keccak256(abi.encode(seed, next))), 1, 4);
            if (next + chunk > n) chunk = n - next;
            address registrar = next % 2 == 0 ? registrarA : registrarB;
            if (chunk == 1) {
                _add(registrar, _commitment(uint256(keccak256(abi.encode(seed, next)))));
            } else {
                uint256[] memory batch = new uint256[](chunk);
                for (uint256 i; i < chunk; ++i) {
                    batch[i] = _commitment(uint256(keccak256(abi.encode(seed, next + i))));
                    leaves.push(batch[i]);
                }
                vm.prank(registrar);
                registry.addMembers(batch);
            }
            next += chunk;
            assertEq(registry.root(), ReferenceLeanIMT.root(leaves));
        }
        assertEq(registry.size(), n);
        for (uint256 i; i < n; ++i) assertEq(registry.indexOf(0, leaves[i]), i);
    }

    /// @notice Replacing or removing any member gives the reference root, and the proofs the
    /// reference builds for any other member keep working afterwards.
    function testFuzz_replaceOrRemove_matchesTheReferenceTree(uint256 seed, bool remove) public {
        uint256 n = bound(seed, 1, 13);
        _seedMembers(n);
        uint256 index = uint256(keccak256(abi.encode(seed))) % n;
        if (remove) _remove(index);
        else _replace(owner, index, _commitment(uint256(keccak256(abi.encode(seed, "first")))));
        assertEq(registry.root(), ReferenceLeanIMT.root(leaves));
        uint256 other = (index + 1) % n;
        if (other != index) {
            _replace(owner, other, _commitment(uint256(keccak256(abi.encode(seed, "second")))));
            assertEq(registry.root(), ReferenceLeanIMT.root(leaves));
        }
    }

    function testFuzz_addMember_rejectsOutOfFieldCommitments(uint256 c) public {
        c = bound(c, SNARK_SCALAR_FIELD, type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(IPersonhoodRegistry.PersonhoodRegistryInvalidCommitment.selector, c));
        vm.prank(registrarA);
        registry.addMember(c);
    }

    function testFuzz_verifyProof_rejectsEveryDepthOutsideTheCircuits(uint256 d) public {
        _seedMembers(1);
        vm.assume(d == 0 || d > 32);
        _expectVerifyRevert(
            _proof(registry.root(), 1, 2, 3, d),
            abi.encodeWithSelector(IPersonhoodRegistry.PersonhoodRegistryDepthUnsupported.selector, d)
        );
    }

    /// @notice A superseded root is valid exactly while `elapsed <= rootValidity`, and
    /// `isRootValid` agrees with `verifyProof`.
    function testFuzz_supersededRoot_windowBoundary(uint32 validity, uint256 elapsed) public {
        validity = uint32(bound(validity, 1 days, 400 days));
        elapsed = bound(elapsed, 0, 800 days);
        vm.prank(owner);
        registry.setRootValidity(validity);
        uint256 first = _add(registrarA, _commitment(1));
        uint256 supersededAt = 1000; // a literal: see test_validityCountsFromSupersession_notFromCreation
        vm.warp(supersededAt);
        _add(registrarB, _commitment(2));
        vm.warp(supersededAt + elapsed);
        bool expected = elapsed <= validity;
        assertEq(registry.isRootValid(first), expected);
        ISemaphore.SemaphoreProof memory p = _proofFor(first);
        if (!expected) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    IPersonhoodRegistry.PersonhoodRegistryRootExpired.selector,
                    first,
                    supersededAt + validity
                )
            );
        }
        registry.verifyProof(p);
    }

    function testFuzz_setRootValidity_floorIsTheLongerOfADayAndTheWindow(uint256 window, uint32 v) public {
        window = bound(window, 0, 1000 days);
        MockTimelockOwner timelock = new MockTimelockOwner();
        timelock.set(MockTimelockOwner.Mode.Answer, window);
        _handOverTo(timelock);
        uint256 floor = window > 1 days ? window : 1 days;
        if (v < floor) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    IPersonhoodRegistry.PersonhoodRegistryRootValidityTooShort.selector,
                    uint256(v),
                    floor
                )
            );
        }
        timelock.relay(address(registry), abi.encodeCall(IPersonhoodRegistryAdmin.setRootValidity, (v)));
        if (v >= floor) assertEq(registry.rootValidity(), v);
    }
}

/// @notice Random sequences of registry actions by the owner, two registrars and the guardian,
/// with a ghost copy of the tree and of every root's history. Each action first works out
/// whether it should succeed; an outcome that differs is counted and fails an invariant.
contract PersonhoodHandler is Test {
    uint256 internal constant MAX_LEAVES = 24;

    PersonhoodRegistry public immutable registry;
    address public immutable owner;
    address public immutable guardian;
    address[2] internal _registrars;

    uint256[] internal _leaves;
    uint256[] internal _commitments;
    mapping(uint256 commitment => address) public ghostRegistrar;
    mapping(uint256 commitment => bool) public ghostGone;
    uint256[] internal _roots;
    mapping(uint256 root => uint64) public ghostSequence;
    mapping(uint256 root => uint256) public ghostSupersededAt;
    uint256 public ghostRoot;
    uint64 public ghostSequenceNow;
    uint64 public ghostLastRetire;
    uint256 public unexpected;
    uint256 internal _nonce;
    mapping(bytes32 action => uint256) public ok;

    constructor(PersonhoodRegistry registry_, address owner_, address guardian_, address a, address b) {
        registry = registry_;
        owner = owner_;
        guardian = guardian_;
        _registrars = [a, b];
    }

    // ---------------------------------------------------------------- actions

    function addMember(uint256 seed, bool reuse) external {
        if (_leaves.length >= MAX_LEAVES) return;
        address registrar = _registrars[seed % 2];
        bool reused = reuse && _commitments.length != 0;
        uint256 c = reused ? _commitments[seed % _commitments.length] : _fresh();
        bool expected = !reused && registry.isRegistrar(registrar) && !registry.paused();
        vm.prank(registrar);
        try registry.addMember(c) {
            _expect(expected, true);
            _enter(c, registrar);
            _leaves.push(c);
            _rootChanged(false);
            ++ok["addMember"];
        } catch {
            _expect(expected, false);
        }
    }

    function addMembers(uint256 seed, uint256 count, bool repeat) external {
        count = bound(count, 1, 4);
        if (_leaves.length + count > MAX_LEAVES) return;
        address registrar = _registrars[seed % 2];
        uint256[] memory batch = new uint256[](count);
        for (uint256 i; i < count; ++i) batch[i] = _fresh();
        bool repeated = repeat && count > 1;
        if (repeated) batch[count - 1] = batch[0];
        bool expected = !repeated && registry.isRegistrar(registrar) && !registry.paused();
        vm.prank(registrar);
        try registry.addMembers(batch) {
            _expect(expected, true);
            for (uint256 i; i < count; ++i) {
                _enter(batch[i], registrar);
                _leaves.push(batch[i]);
            }
            _rootChanged(false);
            ++ok["addMembers"];
        } catch {
            _expect(expected, false);
        }
    }

    function replaceMember(uint256 seed, bool byOwner) external {
        (bool found, uint256 index) = _pickMember(seed);
        if (!found) return;
        uint256 old = _leaves[index];
        address registrar = ghostRegistrar[old];
        address caller = byOwner ? owner : registrar;
        uint256 c = _fresh();
        bool expected = !registry.paused() && (byOwner || registry.isRegistrar(registrar));
        uint256[] memory sib = ReferenceLeanIMT.siblings(_leaves, index);
        vm.prank(caller);
        try registry.replaceMember(old, c, sib) {
            _expect(expected, true);
            _enter(c, registrar);
            ghostGone[old] = true;
            _leaves[index] = c;
            _rootChanged(true);
            ++ok["replaceMember"];
        } catch {
            _expect(expected, false);
        }
    }

    function removeMember(uint256 seed) external {
        (bool found, uint256 index) = _pickMember(seed);
        if (!found) return;
        uint256 gone = _leaves[index];
        uint256[] memory sib = ReferenceLeanIMT.siblings(_leaves, index);
        vm.prank(owner);
        try registry.removeMember(gone, sib) {
            _expect(true, true);
            ghostGone[gone] = true;
            _leaves[index] = 0;
            _rootChanged(true);
            ++ok["removeMember"];
        } catch {
            _expect(true, false);
        }
    }

    function setRegistrar(uint256 seed, bool active) external {
        vm.prank(owner);
        registry.setRegistrar(_registrars[seed % 2], active);
        ++ok["setRegistrar"];
    }

    function setRootValidity(uint256 v) external {
        v = bound(v, 1 days, 60 days);
        vm.prank(owner);
        registry.setRootValidity(uint32(v));
        ++ok["setRootValidity"];
    }

    function togglePause() external {
        if (registry.paused()) {
            vm.prank(owner);
            registry.unpause();
        } else {
            vm.prank(guardian);
            registry.pause();
        }
        ++ok["togglePause"];
    }

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 0, 30 days));
        ++ok["warp"];
    }

    // ---------------------------------------------------------------- views for the invariants

    function roots() external view returns (uint256[] memory) {
        return _roots;
    }

    function commitments() external view returns (uint256[] memory) {
        return _commitments;
    }

    function leafCount() external view returns (uint256) {
        return _leaves.length;
    }

    // ---------------------------------------------------------------- internals

    function _fresh() internal returns (uint256) {
        return (uint256(keccak256(abi.encode("handler", ++_nonce))) % (SNARK_SCALAR_FIELD - 1)) + 1;
    }

    function _enter(uint256 c, address registrar) internal {
        _commitments.push(c);
        ghostRegistrar[c] = registrar;
    }

    function _pickMember(uint256 seed) internal view returns (bool, uint256) {
        uint256 n = _leaves.length;
        for (uint256 k; k < n; ++k) {
            uint256 i = (seed + k) % n;
            if (_leaves[i] != 0) return (true, i);
        }
        return (false, 0);
    }

    function _expect(bool expected, bool succeeded) internal {
        if (expected != succeeded) ++unexpected;
    }

    function _rootChanged(bool retire) internal {
        uint64 sequence = ++ghostSequenceNow;
        if (retire) ghostLastRetire = sequence;
        if (ghostRoot != 0) ghostSupersededAt[ghostRoot] = block.timestamp;
        uint256 newRoot = ReferenceLeanIMT.root(_leaves);
        if (newRoot != 0) {
            _roots.push(newRoot);
            ghostSequence[newRoot] = sequence;
        }
        ghostRoot = newRoot;
    }
}

/// @notice Invariants of the registry under random sequences of every administrative action.
contract PersonhoodRegistryInvariants is PersonhoodFixture {
    PersonhoodHandler internal handler;

    function setUp() public {
        _deploy();
        handler = new PersonhoodHandler(registry, owner, guardian, registrarA, registrarB);
        targetContract(address(handler));
        bytes4[] memory selectors = new bytes4[](10);
        selectors[0] = PersonhoodHandler.addMember.selector;
        selectors[1] = PersonhoodHandler.addMember.selector; // members feed everything else
        selectors[2] = PersonhoodHandler.addMembers.selector;
        selectors[3] = PersonhoodHandler.replaceMember.selector;
        selectors[4] = PersonhoodHandler.removeMember.selector;
        selectors[5] = PersonhoodHandler.setRegistrar.selector;
        selectors[6] = PersonhoodHandler.setRootValidity.selector;
        selectors[7] = PersonhoodHandler.togglePause.selector;
        selectors[8] = PersonhoodHandler.warp.selector;
        selectors[9] = PersonhoodHandler.warp.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    function invariant_noActionHadAnUnexpectedOutcome() public view {
        assertEq(handler.unexpected(), 0, "an action succeeded or failed against expectation");
    }

    function invariant_treeMatchesTheReference() public view {
        assertEq(registry.root(), handler.ghostRoot(), "root");
        assertEq(registry.size(), handler.leafCount(), "size");
        assertEq(registry.rootSequence(), handler.ghostSequenceNow(), "sequence");
        assertEq(registry.firstValidSequence(), handler.ghostLastRetire(), "first valid sequence");
    }

    /// @notice Every root ever current is accepted exactly when the rules say: the current one
    /// always; an earlier one only if no removal or replacement came after it and it was
    /// superseded at most `rootValidity` seconds ago.
    function invariant_rootValidityFollowsTheRules() public view {
        uint256[] memory roots = handler.roots();
        uint256 current = handler.ghostRoot();
        uint64 lastRetire = handler.ghostLastRetire();
        uint256 validity = registry.rootValidity();
        for (uint256 i; i < roots.length; ++i) {
            uint256 r = roots[i];
            bool expected =
                r == current ||
                    (handler.ghostSequence(r) >= lastRetire &&
                        block.timestamp <= handler.ghostSupersededAt(r) + validity);
            assertEq(registry.isRootValid(r), expected, "root validity");
            if (handler.ghostSequence(r) < lastRetire) assertFalse(registry.isRootValid(r), "retired root");
        }
        if (current != 0) assertTrue(registry.isRootValid(current), "current root");
        assertFalse(registry.isRootValid(0), "root zero");
    }

    /// @notice Membership and the registrar of record match the ledger: a removed or replaced
    /// key is never a member again, and records are never rewritten.
    function invariant_membershipMatchesTheLedger() public view {
        uint256[] memory cs = handler.commitments();
        for (uint256 i; i < cs.length; ++i) {
            assertEq(registry.isMember(cs[i]), !handler.ghostGone(cs[i]), "membership");
            assertEq(registry.registrarOf(cs[i]), handler.ghostRegistrar(cs[i]), "registrar of record");
        }
    }

    /// @notice The handler reaches every action, so the invariants are not checked only over
    /// sequences that never remove or replace.
    function test_handlerReachesEveryAction() public {
        uint256 x = 0x9e750;
        for (uint256 round; round < 6; ++round) {
            x = uint256(keccak256(abi.encode(x, round)));
            handler.addMember(x, false);
            handler.addMember(x >> 8, (x >> 3) & 1 == 1);
            handler.addMembers(x >> 16, x >> 24, false);
            handler.replaceMember(x >> 32, round % 2 == 0);
            handler.removeMember(x >> 40);
            handler.warp(x >> 48);
            handler.setRootValidity(x >> 56);
            handler.togglePause();
            handler.togglePause();
            handler.setRegistrar(x >> 64, true);
        }
        bytes32[8] memory steps = [
            bytes32("addMember"),
            "addMembers",
            "replaceMember",
            "removeMember",
            "setRegistrar",
            "setRootValidity",
            "togglePause",
            "warp"
        ];
        for (uint256 i; i < steps.length; ++i) {
            assertGt(handler.ok(steps[i]), 0, string(abi.encodePacked("never reached: ", steps[i])));
        }
        assertEq(handler.unexpected(), 0);
    }
}
