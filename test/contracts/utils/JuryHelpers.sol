// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {AosTestBase} from "./AosTestBase.sol";
import {IJury} from "../../../contracts/interfaces/IJury.sol";
import {IKarmaRegistry} from "../../../contracts/interfaces/IKarmaRegistry.sol";

/// @notice Jury fixtures on top of AosTestBase: a pool of staked jurors with karma in a domain,
/// a disputed task, and helpers that walk a case through draw, commit and reveal. Also a claim
/// helper that pays the claim's stake into the escrow (native as msg.value, tokens approved).
abstract contract JuryHelpers is AosTestBase {
    /// @dev Native stake each pool member deposits: the minimum standing plus many juror seats.
    uint256 internal constant JUROR_DEPOSIT = 1 ether;
    /// @dev Every pool member starts at this JURY_RELIABILITY, so that losses are visible.
    uint64 internal constant JURY_RELIABILITY_START = 0.5e18;
    /// @dev The default juror stake of the Jury's constructor.
    uint128 internal constant JUROR_STAKE = 0.01 ether;

    /// @dev Sets `who`'s value in `dim` to exactly `value` (one EMA step with alpha = 1), then
    /// restores alpha. A value of 1e18 makes the rejection sampling of the draw always accept.
    function _setKarma(address who, uint16 dim, uint64 value) internal {
        uint64 previousAlpha = karma.alpha();
        vm.prank(owner);
        karma.setAlpha(1e18);
        vm.prank(address(escrow));
        karma.recordOutcome(who, dim, value, 1e18);
        vm.prank(owner);
        karma.setAlpha(previousAlpha);
    }

    function _jurorAddress(uint256 i) internal returns (address) {
        return makeAddr(string.concat("juror", vm.toString(i)));
    }

    /// @dev Stakes `deposit` (if any), sets the domain karma (if any) and the jury reliability,
    /// and joins the pool.
    function _addToPool(address who, uint16 dim, uint64 domainKarma, uint256 deposit) internal {
        if (deposit != 0) _stakeNative(who, deposit);
        if (domainKarma != 0) _setKarma(who, dim, domainKarma);
        _setKarma(who, JURY_RELIABILITY, JURY_RELIABILITY_START);
        vm.prank(who);
        jury.joinPool();
    }

    /// @dev A pool of `n` eligible jurors: staked, with full karma in `dim`.
    function _makePool(uint256 n, uint16 dim) internal returns (address[] memory members) {
        members = new address[](n);
        for (uint256 i; i < n; ++i) {
            members[i] = _jurorAddress(i);
            _addToPool(members[i], dim, 1e18, JUROR_DEPOSIT);
        }
    }

    /// @dev Claims `taskId` for `who`, paying the stake the claim takes into escrow.
    function _claimAs(
        address who,
        uint256 taskId,
        IKarmaRegistry.KarmaRequirement[] memory requirements,
        uint16[] memory skills
    ) internal {
        uint256 stake = escrow.stakeOf(taskId);
        address asset = escrow.getTask(taskId).token;
        vm.startPrank(who);
        if (asset == address(0)) {
            escrow.claim{value: stake}(taskId, requirements, skills);
        } else {
            IERC20(asset).approve(address(escrow), stake);
            escrow.claim(taskId, requirements, skills);
        }
        vm.stopPrank();
    }

    function _claimAs(address who, uint256 taskId) internal {
        _claimAs(who, taskId, _noRequirements(), _noSkills());
    }

    /// @dev Expects `claim` by `who` with `value` to revert with `err` (no view call in between).
    function _claimReverts(address who, uint256 taskId, uint256 value, bytes memory err) internal {
        vm.expectRevert(err);
        vm.prank(who);
        escrow.claim{value: value}(taskId, _noRequirements(), _noSkills());
    }

    /// @dev A native task (1 ether, default 10% stake) claimed and submitted by `agent`, then
    /// disputed by `requester` with a 0.1 ether bond. The agent's standing stake is deposited here.
    function _openDispute() internal returns (uint256 taskId, uint64 caseId) {
        _stakeNative(agent, 1 ether);
        taskId = _createNative();
        _claimAs(agent, taskId);
        _submit(agent, taskId);
        uint256 bond = escrow.stakeOf(taskId);
        vm.prank(requester);
        escrow.dispute{value: bond}(taskId);
        caseId = escrow.disputeOf(taskId).caseId;
    }

    function _rollPastDrawBlock(uint256 caseId) internal {
        vm.roll(uint256(jury.getCase(caseId).drawBlock) + 1);
    }

    /// @dev Rolls past the draw block and draws; returns the jurors.
    function _drawJury(uint256 caseId) internal returns (address[] memory) {
        _rollPastDrawBlock(caseId);
        jury.draw(caseId);
        return jury.jurorsOf(caseId);
    }

    function _salt(uint256 caseId, address juror) internal pure returns (bytes32) {
        return keccak256(abi.encode("salt", caseId, juror));
    }

    function _commit(uint256 caseId, address juror, IJury.Ruling vote) internal {
        bytes32 commitment = jury.commitmentFor(caseId, juror, vote, _salt(caseId, juror));
        vm.prank(juror);
        jury.commitVote(caseId, commitment);
    }

    function _reveal(uint256 caseId, address juror, IJury.Ruling vote) internal {
        vm.prank(juror);
        jury.revealVote(caseId, vote, _salt(caseId, juror));
    }

    /// @dev Moves to the first second of the reveal period.
    function _warpToReveal(uint256 caseId) internal {
        vm.warp(uint256(jury.getCase(caseId).commitDeadline) + 1);
    }

    /// @dev Moves to the first second at which the case can be resolved.
    function _warpPastReveal(uint256 caseId) internal {
        vm.warp(uint256(jury.getCase(caseId).revealDeadline) + 1);
    }

    /// @dev Juror i commits `votes[i]` (None: no commit), then every committed vote is revealed
    /// except where `silent[i]`. Ends in the reveal period.
    function _vote(
        uint256 caseId,
        address[] memory jurors_,
        IJury.Ruling[] memory votes,
        bool[] memory silent
    ) internal {
        for (uint256 i; i < jurors_.length; ++i) {
            if (votes[i] != IJury.Ruling.None) _commit(caseId, jurors_[i], votes[i]);
        }
        _warpToReveal(caseId);
        for (uint256 i; i < jurors_.length; ++i) {
            if (votes[i] != IJury.Ruling.None && !silent[i]) _reveal(caseId, jurors_[i], votes[i]);
        }
    }

    function _contains(address[] memory list, address who) internal pure returns (bool) {
        for (uint256 i; i < list.length; ++i) {
            if (list[i] == who) return true;
        }
        return false;
    }
}
