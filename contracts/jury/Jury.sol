// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {GuardedOwnable} from "../access/GuardedOwnable.sol";
import {IJury} from "../interfaces/IJury.sol";
import {IKarmaRegistry} from "../interfaces/IKarmaRegistry.sol";
import {IStakingVault} from "../interfaces/IStakingVault.sol";
import {ITaskEscrow} from "../interfaces/ITaskEscrow.sol";

/// @title Jury
/// @notice Draws karma-weighted juries for disputed tasks, runs commit-reveal votes with a
/// deadline at every step, rewards the majority and penalises absent or minority jurors.
/// @dev Every case ends: a case that cannot be drawn resolves Undecided after the draw period; a
/// drawn case resolves after the reveal deadline, Undecided on a tie or without votes.
contract Jury is IJury, GuardedOwnable, ReentrancyGuardTransient {
    uint16 private constant JURY_RELIABILITY = 1;
    uint64 private constant WAD = 1e18;
    uint8 private constant MAX_JURY_SIZE = 15;

    ITaskEscrow public immutable escrow;
    IKarmaRegistry public immutable karma;
    IStakingVault public immutable vault;

    Parameters private _params;
    uint64 private _caseCount;
    address[] private _pool;

    mapping(address juror => uint256 indexPlusOne) private _poolIndex;
    mapping(uint256 caseId => Case) private _cases;
    mapping(uint256 caseId => address[]) private _jurors;
    mapping(uint256 caseId => mapping(address juror => bool)) private _isJuror;
    mapping(uint256 caseId => mapping(address juror => Ballot)) private _ballots;

    constructor(
        address initialOwner,
        address initialGuardian,
        ITaskEscrow taskEscrow,
        IKarmaRegistry karmaRegistry,
        IStakingVault stakingVault
    ) GuardedOwnable(initialOwner, initialGuardian) {
        escrow = taskEscrow;
        karma = karmaRegistry;
        vault = stakingVault;
        _setParameters(
            Parameters({
                jurySize: 5,
                drawAttemptsPerSeat: 8,
                drawDelayBlocks: 2,
                drawPeriod: 2 days,
                commitPeriod: 3 days,
                revealPeriod: 2 days,
                minJurorKarma: 0.5e18,
                jurorStake: 0.01 ether
            })
        );
    }

    // ---------------------------------------------------------------- escrow

    /// @inheritdoc IJury
    function openCase(
        uint256 taskId,
        uint16 domain,
        address requester,
        address agent
    ) external returns (uint64 caseId) {
        if (msg.sender != address(escrow)) revert JuryNotEscrow(msg.sender);
        caseId = ++_caseCount;
        uint64 drawBlock = uint64(block.number) + _params.drawDelayBlocks;
        _cases[caseId] = Case({
            taskId: taskId,
            requester: requester,
            domain: domain,
            phase: Phase.AwaitingDraw,
            ruling: Ruling.None,
            agent: agent,
            drawBlock: drawBlock,
            openedAt: uint40(block.timestamp),
            commitDeadline: 0,
            revealDeadline: 0,
            jurorStake: 0
        });
        emit CaseOpened(caseId, taskId, domain, drawBlock);
    }

    // ---------------------------------------------------------------- anyone

    /// @inheritdoc IJury
    function draw(uint256 caseId) external nonReentrant {
        Case storage c = _existing(caseId);
        if (c.phase != Phase.AwaitingDraw) revert JuryWrongPhase(caseId, c.phase, Phase.AwaitingDraw);
        if (block.number <= c.drawBlock) revert JuryDrawTooEarly(caseId, c.drawBlock);
        bytes32 seed = blockhash(c.drawBlock);
        if (seed == bytes32(0)) {
            // More than 256 blocks passed: the hash is gone. Re-anchor on a future block.
            uint64 drawBlock = uint64(block.number) + _params.drawDelayBlocks;
            c.drawBlock = drawBlock;
            emit DrawRescheduled(caseId, drawBlock);
            return;
        }
        Parameters memory params = _params;
        address[] storage jurors = _jurors[caseId];
        uint256 poolSize = _pool.length;
        uint256 attempts = uint256(params.jurySize) * params.drawAttemptsPerSeat;
        for (uint256 a; a < attempts && poolSize != 0 && jurors.length < params.jurySize; ++a) {
            uint256 r = uint256(keccak256(abi.encode(seed, caseId, a)));
            address candidate = _pool[r % poolSize];
            if (candidate == c.requester || candidate == c.agent || _isJuror[caseId][candidate]) continue;
            uint64 weight = karma.karmaOf(candidate, c.domain);
            // Rejection sampling: accept with probability weight / 1e18, i.e. in proportion to karma.
            if (weight < params.minJurorKarma || (r >> 128) % WAD >= weight) continue;
            try vault.lock(candidate, address(0), params.jurorStake, _ref(caseId)) {
                _isJuror[caseId][candidate] = true;
                jurors.push(candidate);
            } catch {
                // Not enough free stake: not eligible this time.
            }
        }
        // Nobody could be seated: nothing to wait for, the case can be resolved (Undecided) now.
        uint40 commitDeadline =
            jurors.length == 0 ? uint40(block.timestamp) : uint40(block.timestamp) + params.commitPeriod;
        uint40 revealDeadline = jurors.length == 0 ? commitDeadline : commitDeadline + params.revealPeriod;
        c.phase = Phase.Voting;
        c.jurorStake = params.jurorStake;
        c.commitDeadline = commitDeadline;
        c.revealDeadline = revealDeadline;
        emit JurorsDrawn(caseId, jurors, commitDeadline, revealDeadline);
    }

    /// @inheritdoc IJury
    function resolve(uint256 caseId) external nonReentrant {
        Case storage c = _existing(caseId);
        uint256 votesForAgent;
        uint256 votesForRequester;
        Ruling ruling = Ruling.Undecided;
        address[] memory majority;
        if (c.phase == Phase.AwaitingDraw) {
            uint256 readyAt = uint256(c.openedAt) + _params.drawPeriod;
            if (block.timestamp <= readyAt) revert JuryNotResolvable(caseId, readyAt);
        } else if (c.phase == Phase.Voting) {
            if (block.timestamp <= c.revealDeadline) revert JuryNotResolvable(caseId, c.revealDeadline);
            (ruling, votesForAgent, votesForRequester) = _tally(caseId);
            majority = _settleJurors(caseId, ruling, ruling == Ruling.AgentWins ? votesForAgent : votesForRequester);
        } else {
            revert JuryWrongPhase(caseId, c.phase, Phase.Voting);
        }
        c.phase = Phase.Resolved;
        c.ruling = ruling;
        emit CaseResolved(caseId, c.taskId, ruling, votesForAgent, votesForRequester);
        // The escrow may already have voided a stalled dispute; then there is nothing to execute.
        // Checking first (instead of try/catch) means no caller can make the execution fail by
        // giving it too little gas.
        // Likewise if governance has replaced this jury: the jurors are settled all the same.
        if (address(escrow.jury()) == address(this) && escrow.stateOf(c.taskId) == ITaskEscrow.TaskState.Disputed) {
            escrow.executeRuling(c.taskId, ruling, majority);
        }
    }

    // ---------------------------------------------------------------- jurors

    /// @inheritdoc IJury
    function commitVote(uint256 caseId, bytes32 commitment) external {
        Case storage c = _existing(caseId);
        if (c.phase != Phase.Voting) revert JuryWrongPhase(caseId, c.phase, Phase.Voting);
        if (!_isJuror[caseId][msg.sender]) revert JuryNotJuror(caseId, msg.sender);
        if (block.timestamp > c.commitDeadline) revert JuryCommitClosed(caseId, c.commitDeadline);
        Ballot storage ballot = _ballots[caseId][msg.sender];
        if (ballot.commitment != bytes32(0)) revert JuryAlreadyCommitted(caseId, msg.sender);
        ballot.commitment = commitment;
        emit VoteCommitted(caseId, msg.sender);
    }

    /// @inheritdoc IJury
    function revealVote(uint256 caseId, Ruling vote, bytes32 salt) external {
        Case storage c = _existing(caseId);
        if (c.phase != Phase.Voting) revert JuryWrongPhase(caseId, c.phase, Phase.Voting);
        if (block.timestamp <= c.commitDeadline || block.timestamp > c.revealDeadline) {
            revert JuryRevealClosed(caseId, c.commitDeadline, c.revealDeadline);
        }
        if (vote != Ruling.AgentWins && vote != Ruling.RequesterWins) revert JuryInvalidVote(vote);
        Ballot storage ballot = _ballots[caseId][msg.sender];
        if (ballot.commitment == bytes32(0) || ballot.revealed) revert JuryCannotReveal(caseId, msg.sender);
        if (ballot.commitment != commitmentFor(caseId, msg.sender, vote, salt)) {
            revert JuryCommitmentMismatch(caseId, msg.sender);
        }
        ballot.vote = vote;
        ballot.revealed = true;
        emit VoteRevealed(caseId, msg.sender, vote);
    }

    /// @inheritdoc IJury
    function joinPool() external whenNotPaused {
        if (_poolIndex[msg.sender] != 0) revert JuryPoolMembership(msg.sender, true);
        _pool.push(msg.sender);
        _poolIndex[msg.sender] = _pool.length;
        emit PoolMembershipChanged(msg.sender, true);
    }

    /// @inheritdoc IJury
    function leavePool() external {
        uint256 indexPlusOne = _poolIndex[msg.sender];
        if (indexPlusOne == 0) revert JuryPoolMembership(msg.sender, false);
        address last = _pool[_pool.length - 1];
        _pool[indexPlusOne - 1] = last;
        _poolIndex[last] = indexPlusOne;
        _pool.pop();
        delete _poolIndex[msg.sender];
        emit PoolMembershipChanged(msg.sender, false);
    }

    // ---------------------------------------------------------------- owner

    /// @inheritdoc IJury
    function setParameters(Parameters calldata parameters_) external onlyOwner {
        _setParameters(parameters_);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IJury
    function getCase(uint256 caseId) external view returns (Case memory) {
        return _cases[caseId];
    }

    /// @inheritdoc IJury
    function jurorsOf(uint256 caseId) external view returns (address[] memory) {
        return _jurors[caseId];
    }

    /// @inheritdoc IJury
    function ballotOf(uint256 caseId, address juror) external view returns (Ballot memory) {
        return _ballots[caseId][juror];
    }

    /// @inheritdoc IJury
    function pool() external view returns (address[] memory) {
        return _pool;
    }

    /// @inheritdoc IJury
    function parameters() external view returns (Parameters memory) {
        return _params;
    }

    /// @inheritdoc IJury
    function commitmentFor(uint256 caseId, address juror, Ruling vote, bytes32 salt) public pure returns (bytes32) {
        return keccak256(abi.encode(caseId, juror, vote, salt));
    }

    // ---------------------------------------------------------------- internal

    function _tally(uint256 caseId) private view returns (Ruling ruling, uint256 forAgent, uint256 forRequester) {
        address[] storage jurors = _jurors[caseId];
        for (uint256 i; i < jurors.length; ++i) {
            Ballot storage ballot = _ballots[caseId][jurors[i]];
            if (!ballot.revealed) continue;
            if (ballot.vote == Ruling.AgentWins) ++forAgent;
            else ++forRequester;
        }
        if (forAgent > forRequester) ruling = Ruling.AgentWins;
        else if (forRequester > forAgent) ruling = Ruling.RequesterWins;
        else ruling = Ruling.Undecided;
    }

    /// @dev Majority jurors get their stake back and karma up; absent jurors and, when there is a
    /// majority, minority jurors lose their stake (to the majority) and karma. On a tie, jurors who
    /// revealed keep their stake and karma.
    function _settleJurors(
        uint256 caseId,
        Ruling ruling,
        uint256 majoritySize
    ) private returns (address[] memory majority) {
        address[] storage jurors = _jurors[caseId];
        bool decided = ruling != Ruling.Undecided;
        majority = new address[](decided ? majoritySize : 0);
        uint256 m;
        for (uint256 i; i < jurors.length; ++i) {
            Ballot storage ballot = _ballots[caseId][jurors[i]];
            if (decided && ballot.revealed && ballot.vote == ruling) majority[m++] = jurors[i];
        }
        uint128 stake = _cases[caseId].jurorStake;
        bytes32 ref = _ref(caseId);
        for (uint256 i; i < jurors.length; ++i) {
            address juror = jurors[i];
            Ballot storage ballot = _ballots[caseId][juror];
            bool loyal = ballot.revealed && (!decided || ballot.vote == ruling);
            if (loyal) {
                vault.unlock(juror, address(0), stake, ref);
                if (decided) karma.recordOutcome(juror, JURY_RELIABILITY, WAD, WAD);
                continue;
            }
            (address[] memory recipients, uint256[] memory amounts) = _split(stake, majority);
            vault.slash(juror, address(0), stake, recipients, amounts, ref);
            karma.recordOutcome(juror, JURY_RELIABILITY, 0, WAD);
        }
    }

    /// @dev Splits a slashed juror stake among the majority, or sends it to the treasury.
    function _split(
        uint256 amount,
        address[] memory majority
    ) private view returns (address[] memory recipients, uint256[] memory amounts) {
        uint256 n = majority.length;
        recipients = new address[](n + 1);
        amounts = new uint256[](n + 1);
        uint256 share = n == 0 ? 0 : amount / n;
        for (uint256 i; i < n; ++i) {
            recipients[i] = majority[i];
            amounts[i] = share;
        }
        recipients[n] = vault.treasury();
        amounts[n] = amount - share * n;
    }

    function _existing(uint256 caseId) private view returns (Case storage c) {
        c = _cases[caseId];
        if (c.phase == Phase.None) revert JuryUnknownCase(caseId);
    }

    function _ref(uint256 caseId) private pure returns (bytes32) {
        // Distinguishes a jury lock from a task lock in the vault's events.
        return keccak256(abi.encode("aos.jury.case", caseId));
    }

    function _setParameters(Parameters memory p) private {
        if (
            p.jurySize == 0 ||
            p.jurySize > MAX_JURY_SIZE ||
            p.jurySize % 2 == 0 ||
            p.drawAttemptsPerSeat == 0 ||
            p.drawAttemptsPerSeat > 32 ||
            p.drawDelayBlocks == 0 ||
            p.drawDelayBlocks > 200 ||
            p.drawPeriod == 0 ||
            p.commitPeriod == 0 ||
            p.revealPeriod == 0 ||
            p.minJurorKarma > WAD
        ) revert JuryInvalidParameter();
        _params = p;
        emit ParametersSet(p);
    }
}
