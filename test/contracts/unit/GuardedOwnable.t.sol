// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {AosTestBase} from "../utils/AosTestBase.sol";
import {GuardedOwnable} from "../../../contracts/access/GuardedOwnable.sol";
import {KarmaRegistry} from "../../../contracts/karma/KarmaRegistry.sol";
import {StakingVault} from "../../../contracts/staking/StakingVault.sol";

/// @notice The owner / guardian rules shared by every contract (GuardedOwnable): one owner with a
/// two-step transfer, a guardian that can pause but never unpause or change anything. Each test
/// runs against both the karma registry and the staking vault.
contract GuardedOwnableTest is AosTestBase {
    address internal newOwner = makeAddr("newOwner");
    address internal newGuardian = makeAddr("newGuardian");

    function _targets() internal view returns (GuardedOwnable[2] memory) {
        return [GuardedOwnable(karma), GuardedOwnable(vault)];
    }

    // ---------------------------------------------------------------- constructor

    function test_constructor_setsOwnerAndGuardianAndEmits() public {
        vm.expectEmit();
        emit GuardedOwnable.GuardianChanged(address(0), guardian);
        KarmaRegistry fresh = new KarmaRegistry(owner, guardian);
        assertEq(fresh.owner(), owner);
        assertEq(fresh.guardian(), guardian);
        assertEq(fresh.pendingOwner(), address(0));
        assertFalse(fresh.paused());

        vm.expectEmit();
        emit GuardedOwnable.GuardianChanged(address(0), guardian);
        StakingVault freshVault = new StakingVault(owner, guardian, karma, treasury);
        assertEq(freshVault.owner(), owner);
        assertEq(freshVault.guardian(), guardian);
    }

    function test_constructor_revertsOnZeroOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableInvalidOwner.selector, address(0)));
        new KarmaRegistry(address(0), guardian);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableInvalidOwner.selector, address(0)));
        new StakingVault(address(0), guardian, karma, treasury);
    }

    function test_constructor_acceptsNoGuardian() public {
        KarmaRegistry fresh = new KarmaRegistry(owner, address(0));
        assertEq(fresh.guardian(), address(0));
        vm.expectRevert(abi.encodeWithSelector(GuardedOwnable.GuardedOwnableNotGuardian.selector, stranger));
        vm.prank(stranger);
        fresh.pause();
    }

    // ---------------------------------------------------------------- pause

    function test_pause_byGuardianEmitsAndPauses() public {
        GuardedOwnable[2] memory targets = _targets();
        for (uint256 i; i < targets.length; ++i) {
            vm.expectEmit(address(targets[i]));
            emit Pausable.Paused(guardian);
            vm.prank(guardian);
            targets[i].pause();
            assertTrue(targets[i].paused());
        }
    }

    function test_pause_byOwner() public {
        GuardedOwnable[2] memory targets = _targets();
        for (uint256 i; i < targets.length; ++i) {
            vm.expectEmit(address(targets[i]));
            emit Pausable.Paused(owner);
            vm.prank(owner);
            targets[i].pause();
            assertTrue(targets[i].paused());
        }
    }

    function test_pause_revertsForStranger() public {
        GuardedOwnable[2] memory targets = _targets();
        for (uint256 i; i < targets.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(GuardedOwnable.GuardedOwnableNotGuardian.selector, stranger));
            vm.prank(stranger);
            targets[i].pause();
            assertFalse(targets[i].paused());
        }
    }

    function test_pause_revertsWhenAlreadyPaused() public {
        GuardedOwnable[2] memory targets = _targets();
        for (uint256 i; i < targets.length; ++i) {
            vm.prank(guardian);
            targets[i].pause();
            vm.expectRevert(Pausable.EnforcedPause.selector);
            vm.prank(guardian);
            targets[i].pause();
        }
    }

    function testFuzz_pause_onlyGuardianOrOwner(address caller) public {
        vm.assume(caller != guardian && caller != owner);
        GuardedOwnable[2] memory targets = _targets();
        for (uint256 i; i < targets.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(GuardedOwnable.GuardedOwnableNotGuardian.selector, caller));
            vm.prank(caller);
            targets[i].pause();
        }
    }

    // ---------------------------------------------------------------- unpause

    function test_unpause_byOwnerEmitsAndResumes() public {
        GuardedOwnable[2] memory targets = _targets();
        for (uint256 i; i < targets.length; ++i) {
            vm.prank(guardian);
            targets[i].pause();
            vm.expectEmit(address(targets[i]));
            emit Pausable.Unpaused(owner);
            vm.prank(owner);
            targets[i].unpause();
            assertFalse(targets[i].paused());
        }
    }

    function test_unpause_revertsForGuardian() public {
        GuardedOwnable[2] memory targets = _targets();
        for (uint256 i; i < targets.length; ++i) {
            vm.prank(guardian);
            targets[i].pause();
            vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, guardian));
            vm.prank(guardian);
            targets[i].unpause();
            assertTrue(targets[i].paused());
        }
    }

    function test_unpause_revertsForStranger() public {
        GuardedOwnable[2] memory targets = _targets();
        for (uint256 i; i < targets.length; ++i) {
            vm.prank(guardian);
            targets[i].pause();
            vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
            vm.prank(stranger);
            targets[i].unpause();
        }
    }

    function test_unpause_revertsWhenNotPaused() public {
        GuardedOwnable[2] memory targets = _targets();
        for (uint256 i; i < targets.length; ++i) {
            vm.expectRevert(Pausable.ExpectedPause.selector);
            vm.prank(owner);
            targets[i].unpause();
        }
    }

    // ---------------------------------------------------------------- setGuardian

    function test_setGuardian_byOwnerEmitsAndReplaces() public {
        GuardedOwnable[2] memory targets = _targets();
        for (uint256 i; i < targets.length; ++i) {
            vm.expectEmit(address(targets[i]));
            emit GuardedOwnable.GuardianChanged(guardian, newGuardian);
            vm.prank(owner);
            targets[i].setGuardian(newGuardian);
            assertEq(targets[i].guardian(), newGuardian);

            // The old guardian lost the right to pause; the new one has it.
            vm.expectRevert(abi.encodeWithSelector(GuardedOwnable.GuardedOwnableNotGuardian.selector, guardian));
            vm.prank(guardian);
            targets[i].pause();
            vm.prank(newGuardian);
            targets[i].pause();
            assertTrue(targets[i].paused());
        }
    }

    function test_setGuardian_toZeroRemovesTheGuardian() public {
        GuardedOwnable[2] memory targets = _targets();
        for (uint256 i; i < targets.length; ++i) {
            vm.expectEmit(address(targets[i]));
            emit GuardedOwnable.GuardianChanged(guardian, address(0));
            vm.prank(owner);
            targets[i].setGuardian(address(0));
            vm.expectRevert(abi.encodeWithSelector(GuardedOwnable.GuardedOwnableNotGuardian.selector, guardian));
            vm.prank(guardian);
            targets[i].pause();
            // The owner can still pause.
            vm.prank(owner);
            targets[i].pause();
        }
    }

    function test_setGuardian_revertsForGuardian() public {
        GuardedOwnable[2] memory targets = _targets();
        for (uint256 i; i < targets.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, guardian));
            vm.prank(guardian);
            targets[i].setGuardian(stranger);
        }
    }

    function test_setGuardian_revertsForStranger() public {
        GuardedOwnable[2] memory targets = _targets();
        for (uint256 i; i < targets.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
            vm.prank(stranger);
            targets[i].setGuardian(stranger);
        }
    }

    // ---------------------------------------------------------------- guardian cannot change parameters

    function test_guardian_cannotChangeAnyParameter() public {
        bytes memory unauthorized = abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, guardian);
        vm.startPrank(guardian);
        vm.expectRevert(unauthorized);
        karma.setUpdater(guardian, true);
        vm.expectRevert(unauthorized);
        karma.setAlpha(0.5e18);
        vm.expectRevert(unauthorized);
        karma.setHalfLife(1 days);
        vm.expectRevert(unauthorized);
        vault.setLocker(guardian, true);
        vm.expectRevert(unauthorized);
        vault.setParameters(0, 0, 1, 0, guardian);
        vm.expectRevert(unauthorized);
        vault.transferOwnership(guardian);
        vm.stopPrank();
    }

    // ---------------------------------------------------------------- Ownable2Step

    function test_transferOwnership_startsATwoStepTransfer() public {
        GuardedOwnable[2] memory targets = _targets();
        for (uint256 i; i < targets.length; ++i) {
            vm.expectEmit(address(targets[i]));
            emit Ownable2Step.OwnershipTransferStarted(owner, newOwner);
            vm.prank(owner);
            targets[i].transferOwnership(newOwner);
            assertEq(targets[i].pendingOwner(), newOwner);
            assertEq(targets[i].owner(), owner, "owner unchanged until accepted");
        }
    }

    function test_transferOwnership_revertsForStranger() public {
        GuardedOwnable[2] memory targets = _targets();
        for (uint256 i; i < targets.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
            vm.prank(stranger);
            targets[i].transferOwnership(stranger);
        }
    }

    function test_acceptOwnership_revertsForAnyoneButThePendingOwner() public {
        GuardedOwnable[2] memory targets = _targets();
        for (uint256 i; i < targets.length; ++i) {
            vm.prank(owner);
            targets[i].transferOwnership(newOwner);
            vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
            vm.prank(stranger);
            targets[i].acceptOwnership();
            vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, owner));
            vm.prank(owner);
            targets[i].acceptOwnership();
        }
    }

    function test_acceptOwnership_handsOverEveryOwnerRight() public {
        GuardedOwnable[2] memory targets = _targets();
        for (uint256 i; i < targets.length; ++i) {
            vm.prank(owner);
            targets[i].transferOwnership(newOwner);
            vm.expectEmit(address(targets[i]));
            emit Ownable.OwnershipTransferred(owner, newOwner);
            vm.prank(newOwner);
            targets[i].acceptOwnership();
            assertEq(targets[i].owner(), newOwner);
            assertEq(targets[i].pendingOwner(), address(0));

            vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, owner));
            vm.prank(owner);
            targets[i].setGuardian(stranger);

            vm.prank(guardian);
            targets[i].pause();
            vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, owner));
            vm.prank(owner);
            targets[i].unpause();
            vm.prank(newOwner);
            targets[i].unpause();
            assertFalse(targets[i].paused());
        }
        vm.prank(newOwner);
        karma.setAlpha(0.2e18);
        assertEq(karma.alpha(), 0.2e18);
        vm.prank(newOwner);
        vault.setLocker(stranger, true);
        assertTrue(vault.isLocker(stranger));
    }

    function test_transferOwnership_toZeroCancelsAPendingTransfer() public {
        GuardedOwnable[2] memory targets = _targets();
        for (uint256 i; i < targets.length; ++i) {
            vm.startPrank(owner);
            targets[i].transferOwnership(newOwner);
            targets[i].transferOwnership(address(0));
            vm.stopPrank();
            assertEq(targets[i].pendingOwner(), address(0));
            vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, newOwner));
            vm.prank(newOwner);
            targets[i].acceptOwnership();
        }
    }

    function test_renounceOwnership_leavesParametersFrozen() public {
        vm.expectEmit(address(karma));
        emit Ownable.OwnershipTransferred(owner, address(0));
        vm.prank(owner);
        karma.renounceOwnership();
        assertEq(karma.owner(), address(0));
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, owner));
        vm.prank(owner);
        karma.setAlpha(0.2e18);
        // The guardian can still pause.
        vm.prank(guardian);
        karma.pause();
        assertTrue(karma.paused());
    }

    function test_renounceOwnership_revertsForStranger() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        vault.renounceOwnership();
    }
}
