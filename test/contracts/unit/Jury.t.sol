// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {JuryHelpers} from "../utils/JuryHelpers.sol";
import {IJury} from "../../../contracts/interfaces/IJury.sol";
import {IStakingVault} from "../../../contracts/interfaces/IStakingVault.sol";
import {ITaskEscrow} from "../../../contracts/interfaces/ITaskEscrow.sol";

/// @notice Unit tests of Jury: opening, drawing (karma-weighted, excluding parties, ineligible and
/// unstaked candidates), commit-reveal voting, resolution and its payouts, and the pool.
contract JuryTest is JuryHelpers {
    uint256 internal constant WAD = 1e18;
    uint256 internal constant BOND = 0.1 ether; // = the agent's stake on a 1 ether bounty

    address[] internal members;
    uint256 internal taskId;
    uint64 internal caseId;

    function setUp() public override {
        super.setUp();
        members = _makePool(5, codeReview);
        (taskId, caseId) = _openDispute();
    }

    // ---------------------------------------------------------------- helpers

    function _votes(
        IJury.Ruling a,
        IJury.Ruling b,
        IJury.Ruling c,
        IJury.Ruling d,
        IJury.Ruling e
    ) internal pure returns (IJury.Ruling[] memory v) {
        v = new IJury.Ruling[](5);
        v[0] = a;
        v[1] = b;
        v[2] = c;
        v[3] = d;
        v[4] = e;
    }

    function _silent(uint256 index) internal pure returns (bool[] memory s) {
        s = new bool[](5);
        if (index < 5) s[index] = true;
    }

    function _allSilent() internal pure returns (bool[] memory s) {
        s = new bool[](5);
        for (uint256 i; i < 5; ++i) {
            s[i] = true;
        }
    }

    function _ref(uint256 id) internal pure returns (bytes32) {
        return keccak256(abi.encode("aos.jury.case", id));
    }

    function _setJuryParameters(IJury.Parameters memory p) internal {
        vm.prank(owner);
        jury.setParameters(p);
    }

    function _wrongPhase(uint256 id, IJury.Phase actual, IJury.Phase expected) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IJury.JuryWrongPhase.selector, id, actual, expected);
    }

    function _reliability(address[] memory list) internal view returns (uint256[] memory values) {
        values = new uint256[](list.length);
        for (uint256 i; i < list.length; ++i) {
            values[i] = karma.karmaOf(list[i], JURY_RELIABILITY);
        }
    }

    function _balances(address[] memory list) internal view returns (uint256[] memory values) {
        values = new uint256[](list.length);
        for (uint256 i; i < list.length; ++i) {
            values[i] = list[i].balance;
        }
    }

    // ---------------------------------------------------------------- openCase

    function test_openCase_onlyEscrow() public {
        vm.expectRevert(abi.encodeWithSelector(IJury.JuryNotEscrow.selector, stranger));
        vm.prank(stranger);
        jury.openCase(1, codeReview, requester, agent);
        vm.expectRevert(abi.encodeWithSelector(IJury.JuryNotEscrow.selector, owner));
        vm.prank(owner);
        jury.openCase(1, codeReview, requester, agent);
    }

    function test_openCase_storesCase() public view {
        IJury.Case memory c = jury.getCase(caseId);
        assertEq(caseId, 1);
        assertEq(c.taskId, taskId);
        assertEq(c.requester, requester);
        assertEq(c.agent, agent);
        assertEq(c.domain, codeReview);
        assertEq(uint8(c.phase), uint8(IJury.Phase.AwaitingDraw));
        assertEq(uint8(c.ruling), uint8(IJury.Ruling.None));
        assertEq(c.drawBlock, block.number + 2);
        assertEq(c.openedAt, block.timestamp);
        assertEq(c.commitDeadline, 0);
        assertEq(c.revealDeadline, 0);
        assertEq(c.jurorStake, 0);
        assertEq(jury.jurorsOf(caseId).length, 0);
    }

    function test_openCase_emitsAndNumbersCases() public {
        vm.expectEmit(address(jury));
        emit IJury.CaseOpened(2, 77, simulation, uint64(block.number) + 2);
        vm.prank(address(escrow));
        uint64 id = jury.openCase(77, simulation, requester, agent);
        assertEq(id, 2);
    }

    // ---------------------------------------------------------------- draw

    function test_draw_revertsOnUnknownCase() public {
        vm.expectRevert(abi.encodeWithSelector(IJury.JuryUnknownCase.selector, 99));
        jury.draw(99);
    }

    function test_draw_revertsUntilDrawBlockIsMined() public {
        uint64 drawBlock = jury.getCase(caseId).drawBlock;
        vm.expectRevert(abi.encodeWithSelector(IJury.JuryDrawTooEarly.selector, caseId, drawBlock));
        jury.draw(caseId);
        vm.roll(drawBlock);
        vm.expectRevert(abi.encodeWithSelector(IJury.JuryDrawTooEarly.selector, caseId, drawBlock));
        jury.draw(caseId);
        vm.roll(uint256(drawBlock) + 1);
        jury.draw(caseId);
    }

    function test_draw_drawsKarmaHoldersLocksStakeAndEmits() public {
        _rollPastDrawBlock(caseId);
        vm.recordLogs();
        jury.draw(caseId);
        Vm.Log[] memory logs = vm.getRecordedLogs();

        address[] memory drawn = jury.jurorsOf(caseId);
        assertEq(drawn.length, 5);
        for (uint256 i; i < drawn.length; ++i) {
            assertTrue(_contains(members, drawn[i]));
            for (uint256 j; j < i; ++j) {
                assertTrue(drawn[i] != drawn[j], "a juror sits once");
            }
            IStakingVault.Balance memory b = vault.balanceOf(drawn[i], address(0));
            assertEq(b.locked, JUROR_STAKE);
            assertEq(b.free, JUROR_DEPOSIT - JUROR_STAKE);
        }
        IJury.Case memory c = jury.getCase(caseId);
        assertEq(uint8(c.phase), uint8(IJury.Phase.Voting));
        assertEq(c.commitDeadline, block.timestamp + 3 days);
        assertEq(c.revealDeadline, block.timestamp + 5 days);

        bool seen;
        uint256 locks;
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].emitter == address(vault) && logs[i].topics[0] == IStakingVault.StakeLocked.selector) {
                assertEq(logs[i].topics[3], _ref(caseId), "the lock names the case");
                ++locks;
            }
            if (logs[i].emitter == address(jury) && logs[i].topics[0] == IJury.JurorsDrawn.selector) {
                assertEq(uint256(logs[i].topics[1]), caseId);
                (address[] memory emitted, uint40 commitDeadline, uint40 revealDeadline) = abi.decode(
                    logs[i].data,
                    (address[], uint40, uint40)
                );
                assertEq(keccak256(abi.encode(emitted)), keccak256(abi.encode(drawn)));
                assertEq(commitDeadline, c.commitDeadline);
                assertEq(revealDeadline, c.revealDeadline);
                seen = true;
            }
        }
        assertTrue(seen, "JurorsDrawn emitted");
        assertEq(locks, 5);
    }

    function test_draw_revertsOnceDrawn() public {
        _drawJury(caseId);
        vm.expectRevert(_wrongPhase(caseId, IJury.Phase.Voting, IJury.Phase.AwaitingDraw));
        jury.draw(caseId);
    }

    function test_draw_reschedulesWhenBlockhashIsGone() public {
        uint64 drawBlock = jury.getCase(caseId).drawBlock;
        vm.roll(uint256(drawBlock) + 257);
        uint64 newDrawBlock = uint64(block.number) + 2;
        vm.expectEmit(address(jury));
        emit IJury.DrawRescheduled(caseId, newDrawBlock);
        jury.draw(caseId);
        IJury.Case memory c = jury.getCase(caseId);
        assertEq(c.drawBlock, newDrawBlock);
        assertEq(uint8(c.phase), uint8(IJury.Phase.AwaitingDraw));
        assertEq(jury.jurorsOf(caseId).length, 0);

        vm.expectRevert(abi.encodeWithSelector(IJury.JuryDrawTooEarly.selector, caseId, newDrawBlock));
        jury.draw(caseId);
        vm.roll(uint256(newDrawBlock) + 1);
        jury.draw(caseId);
        assertEq(jury.jurorsOf(caseId).length, 5);
    }

    function test_draw_stillWorks256BlocksLater() public {
        uint64 drawBlock = jury.getCase(caseId).drawBlock;
        vm.roll(uint256(drawBlock) + 256);
        jury.draw(caseId);
        assertEq(uint8(jury.getCase(caseId).phase), uint8(IJury.Phase.Voting));
    }

    function test_draw_excludesPartiesIneligibleAndUnstaked() public {
        IJury.Parameters memory p = jury.parameters();
        p.drawAttemptsPerSeat = 32;
        _setJuryParameters(p);

        // The parties, staked and with full karma.
        _addToPool(requester, codeReview, 1e18, 1 ether);
        _addToPool(agent, codeReview, 1e18, 0); // staked by _openDispute
        // Staked, but karma below the threshold.
        address lowKarma = makeAddr("lowKarma");
        _addToPool(lowKarma, codeReview, 0.49e18, 1 ether);
        // Full karma, no stake at all.
        address unstaked = makeAddr("unstaked");
        _addToPool(unstaked, codeReview, 1e18, 0);
        // Full karma and standing, but no free stake left for a seat.
        address lockedUp = makeAddr("lockedUp");
        _addToPool(lockedUp, codeReview, 1e18, 0.02 ether);
        vm.prank(address(escrow));
        vault.lock(lockedUp, address(0), 0.015 ether, bytes32("elsewhere"));
        assertEq(jury.pool().length, 10);

        address[] memory drawn = _drawJury(caseId);
        assertEq(drawn.length, 5);
        for (uint256 i; i < drawn.length; ++i) {
            assertTrue(_contains(members, drawn[i]), "only eligible members are drawn");
        }
        assertFalse(_contains(drawn, requester));
        assertFalse(_contains(drawn, agent));
        assertFalse(_contains(drawn, lowKarma));
        assertFalse(_contains(drawn, unstaked));
        assertFalse(_contains(drawn, lockedUp));
        assertEq(vault.balanceOf(lockedUp, address(0)).locked, 0.015 ether);
    }

    function test_draw_weightsCandidatesByKarma() public {
        for (uint256 i; i < members.length; ++i) {
            vm.prank(members[i]);
            jury.leavePool();
        }
        address high = makeAddr("high");
        address low = makeAddr("low");
        address zero = makeAddr("zero");
        _addToPool(high, codeReview, 1e18, 1 ether);
        _addToPool(low, codeReview, 0.25e18, 1 ether);
        _addToPool(zero, codeReview, 0, 1 ether);
        IJury.Parameters memory p = jury.parameters();
        p.jurySize = 1;
        p.drawAttemptsPerSeat = 32;
        p.minJurorKarma = 0;
        _setJuryParameters(p);

        uint256 cases = 60;
        uint256 firstId = caseId + 1;
        for (uint256 i; i < cases; ++i) {
            vm.prank(address(escrow));
            jury.openCase(1000 + i, codeReview, requester, agent);
        }
        vm.roll(block.number + 3);
        uint256 highCount;
        uint256 lowCount;
        for (uint256 id = firstId; id < firstId + cases; ++id) {
            jury.draw(id);
            address[] memory drawn = jury.jurorsOf(id);
            assertEq(drawn.length, 1);
            assertTrue(drawn[0] != zero, "zero karma is never drawn");
            if (drawn[0] == high) ++highCount;
            else if (drawn[0] == low) ++lowCount;
        }
        // Expected 4:1 (acceptance 1.0 vs 0.25).
        assertEq(highCount + lowCount, cases);
        assertGt(lowCount, 0);
        assertGt(highCount, 2 * lowCount);
    }

    function test_draw_emptyPool_drawsNoJury() public {
        for (uint256 i; i < members.length; ++i) {
            vm.prank(members[i]);
            jury.leavePool();
        }
        _rollPastDrawBlock(caseId);
        vm.expectEmit(address(jury));
        // Nobody seated: both deadlines are now, so the case can be resolved at once.
        emit IJury.JurorsDrawn(caseId, new address[](0), uint40(block.timestamp), uint40(block.timestamp));
        jury.draw(caseId);
        assertEq(jury.jurorsOf(caseId).length, 0);
        assertEq(uint8(jury.getCase(caseId).phase), uint8(IJury.Phase.Voting));
    }

    // ---------------------------------------------------------------- commitVote

    function test_commitVote_storesCommitmentAndEmits() public {
        address[] memory drawn = _drawJury(caseId);
        bytes32 commitment = jury.commitmentFor(caseId, drawn[0], IJury.Ruling.AgentWins, _salt(caseId, drawn[0]));
        vm.expectEmit(address(jury));
        emit IJury.VoteCommitted(caseId, drawn[0]);
        vm.prank(drawn[0]);
        jury.commitVote(caseId, commitment);
        IJury.Ballot memory b = jury.ballotOf(caseId, drawn[0]);
        assertEq(b.commitment, commitment);
        assertFalse(b.revealed);
        assertEq(uint8(b.vote), uint8(IJury.Ruling.None));
    }

    function test_commitVote_jurorCannotVoteTwice() public {
        address[] memory drawn = _drawJury(caseId);
        _commit(caseId, drawn[0], IJury.Ruling.AgentWins);
        vm.expectRevert(abi.encodeWithSelector(IJury.JuryAlreadyCommitted.selector, caseId, drawn[0]));
        vm.prank(drawn[0]);
        jury.commitVote(caseId, keccak256("another vote"));
        // Nor once the first vote is revealed.
        _warpToReveal(caseId);
        _reveal(caseId, drawn[0], IJury.Ruling.AgentWins);
        vm.expectRevert(abi.encodeWithSelector(IJury.JuryCannotReveal.selector, caseId, drawn[0]));
        _reveal(caseId, drawn[0], IJury.Ruling.AgentWins);
    }

    function test_commitVote_revertsForNonJurors() public {
        _drawJury(caseId);
        vm.expectRevert(abi.encodeWithSelector(IJury.JuryNotJuror.selector, caseId, stranger));
        vm.prank(stranger);
        jury.commitVote(caseId, keccak256("x"));
        vm.expectRevert(abi.encodeWithSelector(IJury.JuryNotJuror.selector, caseId, requester));
        vm.prank(requester);
        jury.commitVote(caseId, keccak256("x"));
    }

    function test_commitVote_revertsAfterCommitDeadline() public {
        address[] memory drawn = _drawJury(caseId);
        uint40 commitDeadline = jury.getCase(caseId).commitDeadline;
        vm.warp(commitDeadline);
        _commit(caseId, drawn[0], IJury.Ruling.AgentWins); // the deadline itself is in time
        vm.warp(uint256(commitDeadline) + 1);
        bytes32 commitment = jury.commitmentFor(caseId, drawn[1], IJury.Ruling.AgentWins, _salt(caseId, drawn[1]));
        vm.expectRevert(abi.encodeWithSelector(IJury.JuryCommitClosed.selector, caseId, commitDeadline));
        vm.prank(drawn[1]);
        jury.commitVote(caseId, commitment);
    }

    function test_commitVote_revertsInWrongPhase() public {
        vm.expectRevert(_wrongPhase(caseId, IJury.Phase.AwaitingDraw, IJury.Phase.Voting));
        vm.prank(members[0]);
        jury.commitVote(caseId, keccak256("x"));
        vm.expectRevert(abi.encodeWithSelector(IJury.JuryUnknownCase.selector, 5));
        vm.prank(members[0]);
        jury.commitVote(5, keccak256("x"));
    }

    // ---------------------------------------------------------------- revealVote

    function test_revealVote_recordsVoteAndEmits() public {
        address[] memory drawn = _drawJury(caseId);
        _commit(caseId, drawn[0], IJury.Ruling.RequesterWins);
        _warpToReveal(caseId);
        vm.expectEmit(address(jury));
        emit IJury.VoteRevealed(caseId, drawn[0], IJury.Ruling.RequesterWins);
        _reveal(caseId, drawn[0], IJury.Ruling.RequesterWins);
        IJury.Ballot memory b = jury.ballotOf(caseId, drawn[0]);
        assertTrue(b.revealed);
        assertEq(uint8(b.vote), uint8(IJury.Ruling.RequesterWins));
    }

    function test_revealVote_onlyDuringRevealPeriod() public {
        address[] memory drawn = _drawJury(caseId);
        _commit(caseId, drawn[0], IJury.Ruling.AgentWins);
        _commit(caseId, drawn[1], IJury.Ruling.AgentWins);
        IJury.Case memory c = jury.getCase(caseId);
        bytes memory closed = abi.encodeWithSelector(
            IJury.JuryRevealClosed.selector,
            caseId,
            c.commitDeadline,
            c.revealDeadline
        );
        vm.expectRevert(closed);
        _reveal(caseId, drawn[0], IJury.Ruling.AgentWins);
        vm.warp(c.commitDeadline);
        vm.expectRevert(closed);
        _reveal(caseId, drawn[0], IJury.Ruling.AgentWins);
        vm.warp(c.revealDeadline);
        _reveal(caseId, drawn[0], IJury.Ruling.AgentWins); // the deadline itself is in time
        vm.warp(uint256(c.revealDeadline) + 1);
        vm.expectRevert(closed);
        _reveal(caseId, drawn[1], IJury.Ruling.AgentWins);
    }

    function test_revealVote_rejectsInvalidVotes() public {
        address[] memory drawn = _drawJury(caseId);
        _commit(caseId, drawn[0], IJury.Ruling.None);
        _warpToReveal(caseId);
        vm.expectRevert(abi.encodeWithSelector(IJury.JuryInvalidVote.selector, IJury.Ruling.None));
        _reveal(caseId, drawn[0], IJury.Ruling.None);
        vm.expectRevert(abi.encodeWithSelector(IJury.JuryInvalidVote.selector, IJury.Ruling.Undecided));
        _reveal(caseId, drawn[0], IJury.Ruling.Undecided);
    }

    function test_revealVote_revertsOnMismatch() public {
        address[] memory drawn = _drawJury(caseId);
        _commit(caseId, drawn[0], IJury.Ruling.AgentWins);
        _warpToReveal(caseId);
        bytes memory mismatch = abi.encodeWithSelector(IJury.JuryCommitmentMismatch.selector, caseId, drawn[0]);
        vm.expectRevert(mismatch);
        _reveal(caseId, drawn[0], IJury.Ruling.RequesterWins);
        vm.expectRevert(mismatch);
        vm.prank(drawn[0]);
        jury.revealVote(caseId, IJury.Ruling.AgentWins, keccak256("wrong salt"));
        // Another juror cannot reveal someone else's commitment.
        vm.expectRevert(abi.encodeWithSelector(IJury.JuryCannotReveal.selector, caseId, drawn[1]));
        vm.prank(drawn[1]);
        jury.revealVote(caseId, IJury.Ruling.AgentWins, _salt(caseId, drawn[0]));
    }

    function test_revealVote_revertsWithoutCommitment() public {
        address[] memory drawn = _drawJury(caseId);
        _warpToReveal(caseId);
        vm.expectRevert(abi.encodeWithSelector(IJury.JuryCannotReveal.selector, caseId, drawn[0]));
        _reveal(caseId, drawn[0], IJury.Ruling.AgentWins);
        vm.expectRevert(abi.encodeWithSelector(IJury.JuryCannotReveal.selector, caseId, stranger));
        _reveal(caseId, stranger, IJury.Ruling.AgentWins);
    }

    function test_revealVote_revertsInWrongPhase() public {
        vm.expectRevert(_wrongPhase(caseId, IJury.Phase.AwaitingDraw, IJury.Phase.Voting));
        _reveal(caseId, members[0], IJury.Ruling.AgentWins);
        vm.expectRevert(abi.encodeWithSelector(IJury.JuryUnknownCase.selector, 4));
        _reveal(4, members[0], IJury.Ruling.AgentWins);
    }

    function test_commitmentFor_isTheHashOfTheBallot() public view {
        bytes32 salt = keccak256("s");
        assertEq(
            jury.commitmentFor(3, stranger, IJury.Ruling.AgentWins, salt),
            keccak256(abi.encode(uint256(3), stranger, IJury.Ruling.AgentWins, salt))
        );
    }

    // ---------------------------------------------------------------- resolve

    function test_resolve_revertsBeforeRevealDeadline() public {
        address[] memory drawn = _drawJury(caseId);
        _vote(
            caseId,
            drawn,
            _votes(
                IJury.Ruling.AgentWins,
                IJury.Ruling.AgentWins,
                IJury.Ruling.AgentWins,
                IJury.Ruling.None,
                IJury.Ruling.None
            ),
            _silent(5)
        );
        uint40 revealDeadline = jury.getCase(caseId).revealDeadline;
        vm.warp(revealDeadline);
        vm.expectRevert(abi.encodeWithSelector(IJury.JuryNotResolvable.selector, caseId, revealDeadline));
        jury.resolve(caseId);
    }

    function test_resolve_revertsOnUnknownCase() public {
        vm.expectRevert(abi.encodeWithSelector(IJury.JuryUnknownCase.selector, 8));
        jury.resolve(8);
    }

    function test_resolve_agentWins_paysAgentSplitsBondAndSettlesJurors() public {
        address[] memory drawn = _drawJury(caseId);
        // Three for the agent, one for the requester, one commits but never reveals.
        _vote(
            caseId,
            drawn,
            _votes(
                IJury.Ruling.AgentWins,
                IJury.Ruling.AgentWins,
                IJury.Ruling.AgentWins,
                IJury.Ruling.RequesterWins,
                IJury.Ruling.RequesterWins
            ),
            _silent(4)
        );
        _warpPastReveal(caseId);

        uint256[] memory reliabilityBefore = _reliability(drawn);
        uint256[] memory balanceBefore = _balances(drawn);
        uint256 agentBefore = agent.balance;
        uint256 requesterBefore = requester.balance;
        uint256 treasuryBefore = treasury.balance;

        vm.expectEmit(address(jury));
        emit IJury.CaseResolved(caseId, taskId, IJury.Ruling.AgentWins, 3, 1);
        vm.expectEmit(address(escrow));
        emit ITaskEscrow.TaskAccepted(taskId, agent, BOUNTY, false);
        vm.prank(stranger);
        jury.resolve(caseId);

        uint256 bondToJurors = (BOND * 2000) / 10_000;
        uint256 bondToTreasury = (BOND * 1000) / 10_000;
        uint256 bondShare = bondToJurors / 3;
        uint256 slashShare = JUROR_STAKE / 3;
        // Payment, the agent's stake back (equal to the bond), and the rest of the bond.
        assertEq(agent.balance, agentBefore + BOUNTY + BOND + BOND - bondToJurors - bondToTreasury);
        assertEq(requester.balance, requesterBefore, "the requester loses its bond");
        assertEq(
            treasury.balance,
            treasuryBefore + bondToTreasury + (bondToJurors - 3 * bondShare) + 2 * (JUROR_STAKE - 3 * slashShare)
        );
        for (uint256 i; i < 3; ++i) {
            assertEq(drawn[i].balance, balanceBefore[i] + bondShare + 2 * slashShare, "majority paid");
            assertEq(vault.balanceOf(drawn[i], address(0)).free, JUROR_DEPOSIT, "majority stake back");
            assertEq(vault.balanceOf(drawn[i], address(0)).locked, 0);
            assertEq(
                karma.karmaOf(drawn[i], JURY_RELIABILITY),
                (reliabilityBefore[i] * 0.9e18 + 1e18 * 0.1e18) / WAD,
                "majority karma up"
            );
        }
        for (uint256 i = 3; i < 5; ++i) {
            assertEq(drawn[i].balance, balanceBefore[i], "minority and absent get nothing");
            assertEq(vault.balanceOf(drawn[i], address(0)).free, JUROR_DEPOSIT - JUROR_STAKE, "stake lost");
            assertEq(vault.balanceOf(drawn[i], address(0)).locked, 0);
            assertEq(karma.karmaOf(drawn[i], JURY_RELIABILITY), (reliabilityBefore[i] * 0.9e18) / WAD, "karma down");
        }
        IJury.Case memory c = jury.getCase(caseId);
        assertEq(uint8(c.phase), uint8(IJury.Phase.Resolved));
        assertEq(uint8(c.ruling), uint8(IJury.Ruling.AgentWins));
        assertEq(uint8(escrow.stateOf(taskId)), uint8(ITaskEscrow.TaskState.Accepted));
        assertEq(address(escrow).balance, 0);

        vm.expectRevert(_wrongPhase(caseId, IJury.Phase.Resolved, IJury.Phase.Voting));
        jury.resolve(caseId);
    }

    function test_resolve_requesterWins_refundsReturnsBondSlashesAgent() public {
        address[] memory drawn = _drawJury(caseId);
        _vote(
            caseId,
            drawn,
            _votes(
                IJury.Ruling.RequesterWins,
                IJury.Ruling.RequesterWins,
                IJury.Ruling.RequesterWins,
                IJury.Ruling.AgentWins,
                IJury.Ruling.AgentWins
            ),
            _silent(5)
        );
        _warpPastReveal(caseId);
        uint256[] memory balanceBefore = _balances(drawn);
        uint256[] memory reliabilityBefore = _reliability(drawn);
        uint256 requesterBefore = requester.balance;
        uint256 treasuryBefore = treasury.balance;
        uint256 agentBefore = agent.balance;

        vm.expectEmit(address(jury));
        emit IJury.CaseResolved(caseId, taskId, IJury.Ruling.RequesterWins, 2, 3);
        vm.expectEmit(address(escrow));
        emit ITaskEscrow.TaskRejected(taskId, agent, BOUNTY, BOND);
        jury.resolve(caseId);

        uint256 stake = BOND;
        uint256 stakeToTreasury = (stake * 1000) / 10_000;
        uint256 stakeToJurors = (stake * 2000) / 10_000;
        uint256 stakeShare = stakeToJurors / 3;
        uint256 slashShare = JUROR_STAKE / 3;
        uint256 victim = stake - stakeToTreasury - 3 * stakeShare;
        assertEq(requester.balance, requesterBefore + BOUNTY + BOND + victim);
        assertEq(agent.balance, agentBefore);
        assertEq(treasury.balance, treasuryBefore + stakeToTreasury + 2 * (JUROR_STAKE - 3 * slashShare));
        for (uint256 i; i < 3; ++i) {
            assertEq(drawn[i].balance, balanceBefore[i] + stakeShare + 2 * slashShare);
            assertEq(vault.balanceOf(drawn[i], address(0)).free, JUROR_DEPOSIT);
            assertEq(karma.karmaOf(drawn[i], JURY_RELIABILITY), (reliabilityBefore[i] * 0.9e18 + 0.1e18 * 1e18) / WAD);
        }
        for (uint256 i = 3; i < 5; ++i) {
            assertEq(vault.balanceOf(drawn[i], address(0)).free, JUROR_DEPOSIT - JUROR_STAKE);
            assertEq(karma.karmaOf(drawn[i], JURY_RELIABILITY), (reliabilityBefore[i] * 0.9e18) / WAD);
        }
        IStakingVault.Balance memory standing = vault.balanceOf(agent, address(0));
        assertEq(standing.free, 1 ether, "the slash takes the claim's stake, held by the escrow");
        assertEq(uint8(escrow.stateOf(taskId)), uint8(ITaskEscrow.TaskState.Rejected));
        assertEq(karma.agentRecord(agent).tasksFailed, 1);
        assertEq(address(escrow).balance, 0);
    }

    function test_resolve_tie_isUndecidedAndVoids() public {
        address[] memory drawn = _drawJury(caseId);
        _vote(
            caseId,
            drawn,
            _votes(
                IJury.Ruling.AgentWins,
                IJury.Ruling.AgentWins,
                IJury.Ruling.RequesterWins,
                IJury.Ruling.RequesterWins,
                IJury.Ruling.AgentWins
            ),
            _silent(4)
        );
        _warpPastReveal(caseId);
        uint256[] memory balanceBefore = _balances(drawn);
        uint256 requesterBefore = requester.balance;
        uint256 treasuryBefore = treasury.balance;
        uint256 agentBefore = agent.balance;
        (uint64 storedBefore, uint40 updatedBefore) = karma.storedKarma(drawn[0], JURY_RELIABILITY);
        uint256 silentBefore = karma.karmaOf(drawn[4], JURY_RELIABILITY);

        vm.expectEmit(address(jury));
        emit IJury.CaseResolved(caseId, taskId, IJury.Ruling.Undecided, 2, 2);
        vm.expectEmit(address(escrow));
        emit ITaskEscrow.TaskVoided(taskId, BOUNTY);
        jury.resolve(caseId);

        assertEq(uint8(jury.getCase(caseId).ruling), uint8(IJury.Ruling.Undecided));
        assertEq(uint8(escrow.stateOf(taskId)), uint8(ITaskEscrow.TaskState.Voided));
        assertEq(requester.balance, requesterBefore + BOUNTY + BOND);
        assertEq(agent.balance, agentBefore + BOND, "the agent's stake comes back");
        for (uint256 i; i < 4; ++i) {
            assertEq(vault.balanceOf(drawn[i], address(0)).free, JUROR_DEPOSIT, "revealers keep their stake");
            assertEq(drawn[i].balance, balanceBefore[i]);
        }
        (uint64 storedAfter, uint40 updatedAfter) = karma.storedKarma(drawn[0], JURY_RELIABILITY);
        assertEq(storedAfter, storedBefore, "revealers keep their karma on a tie");
        assertEq(updatedAfter, updatedBefore);
        // The absent juror loses its stake, to the treasury since there is no majority.
        assertEq(vault.balanceOf(drawn[4], address(0)).free, JUROR_DEPOSIT - JUROR_STAKE);
        assertEq(treasury.balance, treasuryBefore + JUROR_STAKE);
        assertEq(karma.karmaOf(drawn[4], JURY_RELIABILITY), (silentBefore * 0.9e18) / WAD);
    }

    function test_resolve_noReveals_slashesEveryJurorAndVoids() public {
        address[] memory drawn = _drawJury(caseId);
        _vote(
            caseId,
            drawn,
            _votes(
                IJury.Ruling.AgentWins,
                IJury.Ruling.AgentWins,
                IJury.Ruling.RequesterWins,
                IJury.Ruling.None,
                IJury.Ruling.None
            ),
            _allSilent()
        );
        _warpPastReveal(caseId);
        uint256 treasuryBefore = treasury.balance;
        vm.expectEmit(address(jury));
        emit IJury.CaseResolved(caseId, taskId, IJury.Ruling.Undecided, 0, 0);
        jury.resolve(caseId);
        assertEq(treasury.balance, treasuryBefore + 5 * uint256(JUROR_STAKE));
        for (uint256 i; i < 5; ++i) {
            assertEq(vault.balanceOf(drawn[i], address(0)).free, JUROR_DEPOSIT - JUROR_STAKE);
            assertEq(vault.balanceOf(drawn[i], address(0)).locked, 0);
        }
        assertEq(uint8(escrow.stateOf(taskId)), uint8(ITaskEscrow.TaskState.Voided));
    }

    function test_resolve_withoutDraw_undecidedAfterDrawPeriod() public {
        uint256 readyAt = block.timestamp + 2 days;
        vm.warp(readyAt);
        vm.expectRevert(abi.encodeWithSelector(IJury.JuryNotResolvable.selector, caseId, readyAt));
        jury.resolve(caseId);

        vm.warp(readyAt + 1);
        uint256 requesterBefore = requester.balance;
        uint256 agentBefore = agent.balance;
        vm.expectEmit(address(jury));
        emit IJury.CaseResolved(caseId, taskId, IJury.Ruling.Undecided, 0, 0);
        jury.resolve(caseId);
        assertEq(uint8(jury.getCase(caseId).phase), uint8(IJury.Phase.Resolved));
        assertEq(uint8(escrow.stateOf(taskId)), uint8(ITaskEscrow.TaskState.Voided));
        assertEq(requester.balance, requesterBefore + BOUNTY + BOND);
        assertEq(agent.balance, agentBefore + BOND, "stake back");

        vm.expectRevert(_wrongPhase(caseId, IJury.Phase.Resolved, IJury.Phase.AwaitingDraw));
        jury.draw(caseId);
    }

    function test_resolve_emptyJury_undecidedRightAfterTheDraw() public {
        for (uint256 i; i < members.length; ++i) {
            vm.prank(members[i]);
            jury.leavePool();
        }
        _drawJury(caseId);
        IJury.Case memory c = jury.getCase(caseId);
        // In the draw's own second nothing can be resolved yet; one second later it can.
        vm.expectRevert(abi.encodeWithSelector(IJury.JuryNotResolvable.selector, caseId, c.revealDeadline));
        jury.resolve(caseId);
        vm.warp(uint256(c.revealDeadline) + 1);
        vm.expectEmit(address(jury));
        emit IJury.CaseResolved(caseId, taskId, IJury.Ruling.Undecided, 0, 0);
        jury.resolve(caseId);
        assertEq(uint8(escrow.stateOf(taskId)), uint8(ITaskEscrow.TaskState.Voided));
    }

    function test_resolve_afterEscrowVoidedStalledDispute_settlesJurorsOnly() public {
        address[] memory drawn = _drawJury(caseId);
        _vote(
            caseId,
            drawn,
            _votes(
                IJury.Ruling.AgentWins,
                IJury.Ruling.AgentWins,
                IJury.Ruling.AgentWins,
                IJury.Ruling.RequesterWins,
                IJury.Ruling.RequesterWins
            ),
            _silent(5)
        );
        vm.warp(uint256(escrow.disputeOf(taskId).openedAt) + 30 days + 1);
        uint256 requesterBefore = requester.balance;
        escrow.resolveStalledDispute(taskId);
        assertEq(requester.balance, requesterBefore + BOUNTY + BOND);
        uint256 agentBefore = agent.balance;
        uint256[] memory reliabilityBefore = _reliability(drawn);

        vm.expectEmit(address(jury));
        emit IJury.CaseResolved(caseId, taskId, IJury.Ruling.AgentWins, 3, 2);
        jury.resolve(caseId);

        assertEq(uint8(jury.getCase(caseId).phase), uint8(IJury.Phase.Resolved));
        assertEq(uint8(escrow.stateOf(taskId)), uint8(ITaskEscrow.TaskState.Voided), "the escrow is not touched");
        assertEq(agent.balance, agentBefore);
        for (uint256 i; i < 3; ++i) {
            assertEq(vault.balanceOf(drawn[i], address(0)).locked, 0);
            assertEq(vault.balanceOf(drawn[i], address(0)).free, JUROR_DEPOSIT);
            assertEq(karma.karmaOf(drawn[i], JURY_RELIABILITY), (reliabilityBefore[i] * 0.9e18 + 0.1e18 * 1e18) / WAD);
        }
        for (uint256 i = 3; i < 5; ++i) {
            assertEq(vault.balanceOf(drawn[i], address(0)).free, JUROR_DEPOSIT - JUROR_STAKE);
        }
    }

    function test_resolve_settlesTheJurorStakeLockedAtTheDraw() public {
        address[] memory drawn = _drawJury(caseId);
        assertEq(jury.getCase(caseId).jurorStake, JUROR_STAKE);
        IJury.Parameters memory p = jury.parameters();
        p.jurorStake = 0.5 ether;
        _setJuryParameters(p);
        _vote(
            caseId,
            drawn,
            _votes(
                IJury.Ruling.AgentWins,
                IJury.Ruling.AgentWins,
                IJury.Ruling.AgentWins,
                IJury.Ruling.RequesterWins,
                IJury.Ruling.RequesterWins
            ),
            _silent(5)
        );
        _warpPastReveal(caseId);
        jury.resolve(caseId);
        for (uint256 i; i < 5; ++i) {
            IStakingVault.Balance memory b = vault.balanceOf(drawn[i], address(0));
            assertEq(b.locked, 0);
            assertEq(b.free, i < 3 ? JUROR_DEPOSIT : JUROR_DEPOSIT - JUROR_STAKE);
        }
    }

    function test_resolve_afterEscrowVoidedUndrawnCase() public {
        vm.warp(block.timestamp + 30 days + 1);
        escrow.resolveStalledDispute(taskId);
        jury.resolve(caseId);
        assertEq(uint8(jury.getCase(caseId).ruling), uint8(IJury.Ruling.Undecided));
        assertEq(uint8(escrow.stateOf(taskId)), uint8(ITaskEscrow.TaskState.Voided));
    }

    // ---------------------------------------------------------------- pool

    function test_joinPool_addsAndEmits() public {
        address newcomer = makeAddr("newcomer");
        vm.expectEmit(address(jury));
        emit IJury.PoolMembershipChanged(newcomer, true);
        vm.prank(newcomer);
        jury.joinPool();
        address[] memory list = jury.pool();
        assertEq(list.length, 6);
        assertEq(list[5], newcomer);

        vm.expectRevert(abi.encodeWithSelector(IJury.JuryPoolMembership.selector, newcomer, true));
        vm.prank(newcomer);
        jury.joinPool();
    }

    function test_leavePool_swapsAndPops() public {
        vm.expectEmit(address(jury));
        emit IJury.PoolMembershipChanged(members[1], false);
        vm.prank(members[1]);
        jury.leavePool();
        address[] memory list = jury.pool();
        assertEq(list.length, 4);
        assertEq(list[0], members[0]);
        assertEq(list[1], members[4]);
        assertEq(list[2], members[2]);
        assertEq(list[3], members[3]);

        vm.prank(members[4]);
        jury.leavePool();
        list = jury.pool();
        assertEq(list.length, 3);
        assertEq(list[1], members[3]);

        vm.expectRevert(abi.encodeWithSelector(IJury.JuryPoolMembership.selector, members[4], false));
        vm.prank(members[4]);
        jury.leavePool();

        vm.prank(members[1]);
        jury.joinPool();
        list = jury.pool();
        assertEq(list.length, 4);
        assertEq(list[3], members[1]);

        // The last member leaving.
        vm.prank(members[1]);
        jury.leavePool();
        assertEq(jury.pool().length, 3);
    }

    function test_leavePool_revertsForNonMembers() public {
        vm.expectRevert(abi.encodeWithSelector(IJury.JuryPoolMembership.selector, stranger, false));
        vm.prank(stranger);
        jury.leavePool();
    }

    function test_pool_pauseBlocksJoiningButNotLeaving() public {
        vm.prank(guardian);
        jury.pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(stranger);
        jury.joinPool();
        vm.prank(members[0]);
        jury.leavePool();
        assertEq(jury.pool().length, 4);
    }

    function test_pause_neverBlocksACase() public {
        vm.prank(guardian);
        jury.pause();
        address[] memory drawn = _drawJury(caseId);
        _vote(
            caseId,
            drawn,
            _votes(
                IJury.Ruling.AgentWins,
                IJury.Ruling.AgentWins,
                IJury.Ruling.AgentWins,
                IJury.Ruling.AgentWins,
                IJury.Ruling.AgentWins
            ),
            _silent(5)
        );
        _warpPastReveal(caseId);
        jury.resolve(caseId);
        assertEq(uint8(escrow.stateOf(taskId)), uint8(ITaskEscrow.TaskState.Accepted));
    }

    // ---------------------------------------------------------------- parameters

    function test_constructor_defaults() public view {
        IJury.Parameters memory p = jury.parameters();
        assertEq(p.jurySize, 5);
        assertEq(p.drawAttemptsPerSeat, 8);
        assertEq(p.drawDelayBlocks, 2);
        assertEq(p.drawPeriod, 2 days);
        assertEq(p.commitPeriod, 3 days);
        assertEq(p.revealPeriod, 2 days);
        assertEq(p.minJurorKarma, 0.5e18);
        assertEq(p.jurorStake, JUROR_STAKE);
        assertEq(address(jury.escrow()), address(escrow));
        assertEq(address(jury.karma()), address(karma));
        assertEq(address(jury.vault()), address(vault));
        assertEq(jury.owner(), owner);
    }

    function test_setParameters_onlyOwner() public {
        IJury.Parameters memory p = jury.parameters();
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        jury.setParameters(p);
    }

    function test_setParameters_storesEmitsAndApplies() public {
        IJury.Parameters memory p = IJury.Parameters({
            jurySize: 15,
            drawAttemptsPerSeat: 32,
            drawDelayBlocks: 200,
            drawPeriod: 1,
            commitPeriod: 1,
            revealPeriod: 1,
            minJurorKarma: 1e18,
            jurorStake: 0
        });
        vm.expectEmit(address(jury));
        emit IJury.ParametersSet(p);
        _setJuryParameters(p);
        assertEq(keccak256(abi.encode(jury.parameters())), keccak256(abi.encode(p)));

        vm.prank(address(escrow));
        uint64 id = jury.openCase(5, codeReview, requester, agent);
        assertEq(jury.getCase(id).drawBlock, block.number + 200);
    }

    function test_setParameters_revertsOutOfBounds() public {
        bytes4 err = IJury.JuryInvalidParameter.selector;
        IJury.Parameters memory p;

        p = jury.parameters();
        p.jurySize = 0;
        vm.expectRevert(err);
        _setJuryParameters(p);

        p = jury.parameters();
        p.jurySize = 17;
        vm.expectRevert(err);
        _setJuryParameters(p);

        p = jury.parameters();
        p.jurySize = 4;
        vm.expectRevert(err);
        _setJuryParameters(p);

        p = jury.parameters();
        p.drawAttemptsPerSeat = 0;
        vm.expectRevert(err);
        _setJuryParameters(p);

        p = jury.parameters();
        p.drawAttemptsPerSeat = 33;
        vm.expectRevert(err);
        _setJuryParameters(p);

        p = jury.parameters();
        p.drawDelayBlocks = 0;
        vm.expectRevert(err);
        _setJuryParameters(p);

        p = jury.parameters();
        p.drawDelayBlocks = 201;
        vm.expectRevert(err);
        _setJuryParameters(p);

        p = jury.parameters();
        p.drawPeriod = 0;
        vm.expectRevert(err);
        _setJuryParameters(p);

        p = jury.parameters();
        p.commitPeriod = 0;
        vm.expectRevert(err);
        _setJuryParameters(p);

        p = jury.parameters();
        p.revealPeriod = 0;
        vm.expectRevert(err);
        _setJuryParameters(p);

        p = jury.parameters();
        p.minJurorKarma = 1e18 + 1;
        vm.expectRevert(err);
        _setJuryParameters(p);
    }

    // ---------------------------------------------------------------- fuzz

    /// @dev Any split of five revealed votes resolves to the strict majority, pays the majority
    /// and slashes the rest; no juror stake stays locked.
    function testFuzz_resolve_majorityOfRevealedVotes(uint8 pattern, uint8 silentMask) public {
        address[] memory drawn = _drawJury(caseId);
        IJury.Ruling[] memory votes = new IJury.Ruling[](5);
        bool[] memory silent = new bool[](5);
        uint256 forAgent;
        uint256 forRequester;
        for (uint256 i; i < 5; ++i) {
            votes[i] = (pattern >> i) & 1 == 1 ? IJury.Ruling.AgentWins : IJury.Ruling.RequesterWins;
            silent[i] = (silentMask >> i) & 1 == 1;
            if (silent[i]) continue;
            if (votes[i] == IJury.Ruling.AgentWins) ++forAgent;
            else ++forRequester;
        }
        _vote(caseId, drawn, votes, silent);
        _warpPastReveal(caseId);
        jury.resolve(caseId);

        IJury.Ruling expected =
            forAgent > forRequester
                ? IJury.Ruling.AgentWins
                : forRequester > forAgent
                    ? IJury.Ruling.RequesterWins
                    : IJury.Ruling.Undecided;
        assertEq(uint8(jury.getCase(caseId).ruling), uint8(expected));
        ITaskEscrow.TaskState state = escrow.stateOf(taskId);
        if (expected == IJury.Ruling.AgentWins) assertEq(uint8(state), uint8(ITaskEscrow.TaskState.Accepted));
        else if (expected == IJury.Ruling.RequesterWins) assertEq(uint8(state), uint8(ITaskEscrow.TaskState.Rejected));
        else assertEq(uint8(state), uint8(ITaskEscrow.TaskState.Voided));

        for (uint256 i; i < 5; ++i) {
            IStakingVault.Balance memory b = vault.balanceOf(drawn[i], address(0));
            assertEq(b.locked, 0, "no juror stake stays locked");
            bool kept = !silent[i] && (expected == IJury.Ruling.Undecided || votes[i] == expected);
            assertEq(b.free, kept ? JUROR_DEPOSIT : JUROR_DEPOSIT - JUROR_STAKE);
        }
        assertEq(address(escrow).balance, 0);
    }
}
