// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {KarmaRegistry} from "../../../contracts/karma/KarmaRegistry.sol";
import {StakingVault} from "../../../contracts/staking/StakingVault.sol";
import {TaskEscrow} from "../../../contracts/escrow/TaskEscrow.sol";
import {Jury} from "../../../contracts/jury/Jury.sol";
import {IKarmaRegistry} from "../../../contracts/interfaces/IKarmaRegistry.sol";
import {ITaskEscrow} from "../../../contracts/interfaces/ITaskEscrow.sol";
import {IStakingVault} from "../../../contracts/interfaces/IStakingVault.sol";
import {IJury} from "../../../contracts/interfaces/IJury.sol";
import {MockERC20} from "../mocks/MockERC20.sol";
import {AtkGasBurningReceiver} from "../mocks/AtkGasBurningReceiver.sol";

/// @notice Bounded random actions on the task economy by several actors (requesters, agents,
/// jurors, a newcomer living on a vouch, and a contract that refuses ETH so that pushes turn into
/// IOUs), with ghost bookkeeping for the invariants. Every action picks a task or case in a state
/// where the action can succeed, so that few calls are wasted; failures are swallowed
/// (`try`/`catch`) and counted.
contract EscrowHandler is Test {
    uint8 internal constant FINAL_FROM = uint8(ITaskEscrow.TaskState.Accepted);
    uint256 internal constant MAX_TASKS = 60;

    KarmaRegistry public immutable karma;
    StakingVault public immutable vault;
    TaskEscrow public immutable escrow;
    Jury public immutable jury;
    MockERC20 public immutable token;
    AtkGasBurningReceiver public immutable refuser;
    uint16 public immutable domainA;
    uint16 public immutable domainB;
    uint16 public immutable skill;

    address[] internal _requesters;
    address[] internal _claimants;
    address[] internal _jurors;
    address[] internal _actors;
    address public newcomer;

    // ---------------------------------------------------------------- ghosts

    mapping(uint256 taskId => uint8) public lastState;
    mapping(uint256 taskId => uint8) public reqVariant;
    uint256 public stateRegressions;
    uint256 public regressedTask;
    uint256[] internal _disputed;
    mapping(uint256 caseId => mapping(address juror => uint8 vote)) public ghostVote;
    mapping(bytes32 action => uint256) public ok;
    mapping(bytes32 action => uint256) public failed;
    uint256 public ghostNativeIn; // bounties and bonds sent to the escrow
    uint256 public ghostTokenIn;

    constructor(
        KarmaRegistry karma_,
        StakingVault vault_,
        TaskEscrow escrow_,
        Jury jury_,
        MockERC20 token_,
        uint16 domainA_,
        uint16 domainB_,
        uint16 skill_
    ) {
        karma = karma_;
        vault = vault_;
        escrow = escrow_;
        jury = jury_;
        token = token_;
        domainA = domainA_;
        domainB = domainB_;
        skill = skill_;
        refuser = new AtkGasBurningReceiver();
        refuser.setMode(2);
        newcomer = makeAddr("inv.newcomer");

        for (uint256 i; i < 3; ++i) {
            _requesters.push(makeAddr(string.concat("inv.requester", vm.toString(i))));
        }
        _requesters.push(address(refuser));
        for (uint256 i; i < 4; ++i) {
            _claimants.push(makeAddr(string.concat("inv.agent", vm.toString(i))));
        }
        _claimants.push(address(refuser));
        _claimants.push(newcomer);
        for (uint256 i; i < 5; ++i) {
            _jurors.push(makeAddr(string.concat("inv.juror", vm.toString(i))));
        }
        for (uint256 i; i < 3; ++i) {
            _actors.push(_requesters[i]);
        }
        for (uint256 i; i < _claimants.length; ++i) {
            _actors.push(_claimants[i]);
        }
        for (uint256 i; i < _jurors.length; ++i) {
            _actors.push(_jurors[i]);
        }
    }

    // ---------------------------------------------------------------- views for the invariants

    function actors() external view returns (address[] memory) {
        return _actors;
    }

    function jurorList() external view returns (address[] memory) {
        return _jurors;
    }

    function claimantList() external view returns (address[] memory) {
        return _claimants;
    }

    function requesterList() external view returns (address[] memory) {
        return _requesters;
    }

    function disputed() external view returns (uint256[] memory) {
        return _disputed;
    }

    // ---------------------------------------------------------------- requesters

    function createTask(
        uint256 who,
        uint256 amount,
        bool useToken,
        uint256 duration,
        uint256 review,
        uint256 bps,
        uint256 depth,
        uint256 variant
    ) external {
        if (escrow.taskCount() >= MAX_TASKS) return;
        address r = _requesters[who % _requesters.length];
        ITaskEscrow.TaskParams memory p = _taskParams(amount, duration, review, bps, variant);
        p.token = useToken ? address(token) : address(0);
        p.maxDelegationDepth = uint8(depth % 3);
        p.exactAmount = depth % 2 == 0;
        uint256 value = useToken ? 0 : p.amount;
        vm.prank(r);
        try escrow.createTask{value: value}(p) returns (uint256 id) {
            reqVariant[id] = uint8(variant % 3);
            if (useToken) ghostTokenIn += p.amount;
            else ghostNativeIn += p.amount;
            _done("createTask", true);
        } catch {
            _done("createTask", false);
        }
        _sync();
    }

    function createSubtask(uint256 seed, uint256 amount, uint256 duration, uint256 review, uint256 variant) external {
        if (escrow.taskCount() >= MAX_TASKS) return;
        uint256 parentId = _find(seed, _bit(ITaskEscrow.TaskState.Claimed));
        if (parentId == 0) return;
        ITaskEscrow.TaskView memory parent = escrow.getTask(parentId);
        if (parent.depth >= parent.maxDepth || parent.deadline <= block.timestamp + 1) return;
        uint256 available = parent.bounty - escrow.delegatedOf(parentId);
        if (available == 0) return;
        ITaskEscrow.TaskParams memory p = _taskParams(0, 0, review, amount, variant);
        p.token = parent.token;
        p.amount = uint96(bound(amount, 1, available));
        p.deadline = uint40(bound(duration, block.timestamp + 1, parent.deadline));
        vm.prank(parent.agent);
        try escrow.createSubtask(parentId, p) returns (uint256 id) {
            reqVariant[id] = uint8(variant % 3);
            _done("createSubtask", true);
        } catch {
            _done("createSubtask", false);
        }
        _sync();
    }

    function cancel(uint256 seed) external {
        uint256 id = _find(seed, _bit(ITaskEscrow.TaskState.Open));
        if (id == 0) return;
        vm.prank(escrow.getTask(id).requester);
        try escrow.cancel(id) {
            _done("cancel", true);
        } catch {
            _done("cancel", false);
        }
        _sync();
    }

    function accept(uint256 seed) external {
        uint256 id = _find(seed, _bit(ITaskEscrow.TaskState.Submitted));
        if (id == 0) return;
        vm.prank(escrow.getTask(id).requester);
        try escrow.accept(id) {
            _done("accept", true);
        } catch {
            _done("accept", false);
        }
        _sync();
    }

    function dispute(uint256 seed) external {
        uint256 id = _find(seed, _bit(ITaskEscrow.TaskState.Submitted));
        if (id == 0) return;
        ITaskEscrow.TaskView memory t = escrow.getTask(id);
        if (block.timestamp > uint256(t.reviewEndsAt)) return;
        uint256 bond = escrow.stakeOf(id);
        uint256 value = t.token == address(0) ? bond : 0;
        if (value != 0) vm.deal(t.requester, t.requester.balance + value);
        vm.prank(t.requester);
        try escrow.dispute{value: value}(id) {
            _disputed.push(id);
            if (t.token == address(0)) ghostNativeIn += bond;
            else ghostTokenIn += bond;
            _done("dispute", true);
        } catch {
            _done("dispute", false);
        }
        _sync();
    }

    // ---------------------------------------------------------------- agents

    function claim(uint256 seed, uint256 who) external {
        uint256 id = _find(seed, _bit(ITaskEscrow.TaskState.Open));
        if (id == 0) return;
        ITaskEscrow.TaskView memory t = escrow.getTask(id);
        if (block.timestamp >= t.deadline) return;
        address a = _claimants[who % _claimants.length];
        if (a == t.requester) a = _claimants[(who + 1) % _claimants.length];
        (IKarmaRegistry.KarmaRequirement[] memory reqs, uint16[] memory skills) = _requirements(reqVariant[id]);
        // The claim's stake goes into escrow: native as msg.value, tokens by transferFrom.
        uint256 stake = escrow.stakeOf(id);
        uint256 value = t.token == address(0) ? stake : 0;
        if (value != 0) vm.deal(a, a.balance + value);
        else token.mint(a, stake);
        vm.prank(a);
        try escrow.claim{value: value}(id, reqs, skills) {
            _done("claim", true);
        } catch {
            _done("claim", false);
        }
        _sync();
    }

    function submit(uint256 seed) external {
        uint256 id = _find(seed, _bit(ITaskEscrow.TaskState.Claimed));
        if (id == 0) return;
        ITaskEscrow.TaskView memory t = escrow.getTask(id);
        if (block.timestamp > t.deadline) return;
        vm.prank(t.agent);
        try escrow.submitResult(id, keccak256(abi.encode("result", id))) {
            _done("submit", true);
        } catch {
            _done("submit", false);
        }
        _sync();
    }

    // ---------------------------------------------------------------- anyone, after timeouts

    function finalize(uint256 seed) external {
        uint256 id = _find(seed, _bit(ITaskEscrow.TaskState.Submitted));
        if (id == 0) return;
        ITaskEscrow.TaskView memory t = escrow.getTask(id);
        uint256 closesAt = uint256(t.reviewEndsAt);
        if (block.timestamp <= closesAt && seed % 2 == 0) _warpTo(closesAt + 1);
        try escrow.finalize(id) {
            _done("finalize", true);
        } catch {
            _done("finalize", false);
        }
        _sync();
    }

    function expire(uint256 seed) external {
        uint256 id = _find(seed, _bit(ITaskEscrow.TaskState.Open) | _bit(ITaskEscrow.TaskState.Claimed));
        if (id == 0) return;
        uint256 deadline = escrow.getTask(id).deadline;
        if (block.timestamp <= deadline && seed % 2 == 0) _warpTo(deadline + 1);
        try escrow.expire(id) {
            _done("expire", true);
        } catch {
            _done("expire", false);
        }
        _sync();
    }

    function resolveStalledDispute(uint256 seed) external {
        uint256 id = _find(seed, _bit(ITaskEscrow.TaskState.Disputed));
        if (id == 0) return;
        uint256 stalledAt = uint256(escrow.disputeOf(id).openedAt) + escrow.parameters().disputeTimeout;
        if (block.timestamp <= stalledAt && seed % 3 == 0) _warpTo(stalledAt + 1);
        try escrow.resolveStalledDispute(id) {
            _done("resolveStalled", true);
        } catch {
            _done("resolveStalled", false);
        }
        _sync();
    }

    // ---------------------------------------------------------------- jury

    function draw(uint256 seed) external {
        uint64 caseId = _findCase(seed, IJury.Phase.AwaitingDraw);
        if (caseId == 0) return;
        IJury.Case memory c = jury.getCase(caseId);
        if (block.number <= c.drawBlock) vm.roll(uint256(c.drawBlock) + 1);
        if (block.number - c.drawBlock <= 256) vm.setBlockhash(c.drawBlock, keccak256(abi.encode(seed)));
        try jury.draw(caseId) {
            _done("draw", true);
        } catch {
            _done("draw", false);
        }
        _sync();
    }

    function commitVote(uint256 seed, uint256 jurorSeed, bool forAgent) external {
        uint64 caseId = _findCase(seed, IJury.Phase.Voting);
        if (caseId == 0) {
            // Move a case along first, so that short sequences reach the vote.
            caseId = _findCase(seed, IJury.Phase.AwaitingDraw);
            if (caseId == 0) return;
            IJury.Case memory pending = jury.getCase(caseId);
            if (block.number <= pending.drawBlock) vm.roll(uint256(pending.drawBlock) + 1);
            if (block.number - pending.drawBlock <= 256) {
                vm.setBlockhash(pending.drawBlock, keccak256(abi.encode(seed)));
            }
            try jury.draw(caseId) {} catch {}
            if (jury.getCase(caseId).phase != IJury.Phase.Voting) return;
        }
        address[] memory jurors = jury.jurorsOf(caseId);
        if (jurors.length == 0) return;
        address j = jurors[jurorSeed % jurors.length];
        if (ghostVote[caseId][j] != 0) return;
        IJury.Ruling vote = forAgent ? IJury.Ruling.AgentWins : IJury.Ruling.RequesterWins;
        bytes32 commitment = jury.commitmentFor(caseId, j, vote, _salt(caseId, j));
        vm.prank(j);
        try jury.commitVote(caseId, commitment) {
            ghostVote[caseId][j] = uint8(vote);
            _done("commitVote", true);
        } catch {
            _done("commitVote", false);
        }
        _sync();
    }

    function revealVote(uint256 seed, uint256 jurorSeed) external {
        uint64 caseId = _findCase(seed, IJury.Phase.Voting);
        if (caseId == 0) return;
        IJury.Case memory c = jury.getCase(caseId);
        if (block.timestamp <= c.commitDeadline) _warpTo(uint256(c.commitDeadline) + 1);
        address[] memory jurors = jury.jurorsOf(caseId);
        if (jurors.length == 0) return;
        address j = jurors[jurorSeed % jurors.length];
        uint8 vote = ghostVote[caseId][j];
        if (vote == 0) return;
        vm.prank(j);
        try jury.revealVote(caseId, IJury.Ruling(vote), _salt(caseId, j)) {
            _done("revealVote", true);
        } catch {
            _done("revealVote", false);
        }
        _sync();
    }

    function resolveCase(uint256 seed) external {
        uint64 caseId = _findCase(seed, IJury.Phase.Voting);
        if (caseId == 0) caseId = _findCase(seed, IJury.Phase.AwaitingDraw);
        if (caseId == 0) return;
        IJury.Case memory c = jury.getCase(caseId);
        uint256 readyAt =
            c.phase == IJury.Phase.AwaitingDraw ? uint256(c.openedAt) + jury.parameters().drawPeriod : c.revealDeadline;
        if (block.timestamp <= readyAt && seed % 2 == 0) _warpTo(readyAt + 1);
        try jury.resolve(caseId) {
            _done("resolveCase", true);
        } catch {
            _done("resolveCase", false);
        }
        _sync();
    }

    // ---------------------------------------------------------------- stake

    function deposit(uint256 who, bool useToken, uint256 amount) external {
        address a = _staker(who);
        if (useToken) {
            amount = bound(amount, 1, 1000 ether);
            token.mint(a, amount);
            vm.startPrank(a);
            token.approve(address(vault), amount);
            try vault.depositToken(address(token), amount) {
                _done("deposit", true);
            } catch {
                _done("deposit", false);
            }
            vm.stopPrank();
        } else {
            amount = bound(amount, 1, 5 ether);
            vm.deal(a, a.balance + amount);
            vm.prank(a);
            try vault.deposit{value: amount}() {
                _done("deposit", true);
            } catch {
                _done("deposit", false);
            }
        }
        _sync();
    }

    function requestWithdrawal(uint256 who, bool useToken, uint256 amount) external {
        address a = _staker(who);
        address asset = useToken ? address(token) : address(0);
        uint256 free = vault.balanceOf(a, asset).free;
        if (free == 0) return;
        amount = bound(amount, 1, free);
        vm.prank(a);
        try vault.requestWithdrawal(asset, amount) {
            _done("requestWithdrawal", true);
        } catch {
            _done("requestWithdrawal", false);
        }
        _sync();
    }

    function cancelWithdrawal(uint256 who, bool useToken) external {
        address a = _staker(who);
        vm.prank(a);
        try vault.cancelWithdrawal(useToken ? address(token) : address(0)) {
            _done("cancelWithdrawal", true);
        } catch {
            _done("cancelWithdrawal", false);
        }
        _sync();
    }

    function withdraw(uint256 who, bool useToken, bool wait) external {
        address a = _staker(who);
        address asset = useToken ? address(token) : address(0);
        IStakingVault.PendingWithdrawal memory pending = vault.pendingWithdrawal(a, asset);
        if (pending.amount == 0) return;
        if (wait && block.timestamp < pending.readyAt) _warpTo(pending.readyAt);
        if (a == address(refuser)) refuser.setMode(0);
        vm.prank(a);
        try vault.withdraw(asset) {
            _done("withdraw", true);
        } catch {
            _done("withdraw", false);
        }
        if (a == address(refuser)) refuser.setMode(2);
        _sync();
    }

    function vouch(uint256 voucherSeed, uint256 newcomerSeed, uint256 bond) external {
        address voucher = _jurors[voucherSeed % 2];
        address target = newcomerSeed % 2 == 0 ? newcomer : _claimants[newcomerSeed % 4];
        bond = bound(bond, 1, 0.05 ether);
        vm.prank(voucher);
        try vault.vouch(target, uint96(bond)) {
            _done("vouch", true);
        } catch {
            _done("vouch", false);
        }
        _sync();
    }

    function releaseVouch(uint256 newcomerSeed, bool complete) external {
        address target = newcomerSeed % 2 == 0 ? newcomer : _claimants[newcomerSeed % 4];
        IStakingVault.Vouch memory v = vault.vouchOf(target);
        if (v.voucher == address(0)) return;
        vm.startPrank(v.voucher);
        if (!complete || v.releaseAt == 0) {
            try vault.startVouchRelease(target) {
                _done("startVouchRelease", true);
            } catch {
                _done("startVouchRelease", false);
            }
        } else {
            if (block.timestamp < v.releaseAt) _warpTo(v.releaseAt);
            try vault.completeVouchRelease(target) {
                _done("completeVouchRelease", true);
            } catch {
                _done("completeVouchRelease", false);
            }
        }
        vm.stopPrank();
        _sync();
    }

    /// @dev IOUs only arise for the contract that refuses ETH; it accepts for this call.
    function withdrawOwed(bool fromVault) external {
        address payer = fromVault ? address(vault) : address(escrow);
        refuser.setMode(0);
        vm.prank(address(refuser));
        (bool success, ) = payer.call(abi.encodeWithSignature("withdrawOwed(address)", address(0)));
        refuser.setMode(2);
        _done("withdrawOwed", success);
        _sync();
    }

    // ---------------------------------------------------------------- time

    function advance(uint256 secondsSeed, uint256 blocksSeed) external {
        vm.warp(block.timestamp + bound(secondsSeed, 1, 2 days));
        vm.roll(block.number + bound(blocksSeed, 1, 300));
        _done("advance", true);
    }

    // ---------------------------------------------------------------- internal

    function _taskParams(
        uint256 amount,
        uint256 duration,
        uint256 review,
        uint256 bps,
        uint256 variant
    ) internal view returns (ITaskEscrow.TaskParams memory p) {
        p.amount = uint96(bound(amount, 1, 5 ether));
        p.inputHash = keccak256(abi.encode("input", amount));
        p.taskType = uint32(variant);
        p.domain = variant % 2 == 0 ? domainA : domainB;
        p.deadline = uint40(block.timestamp + bound(duration, 1 hours, 3 days));
        p.reviewWindow = uint32((bound(review, 1 hours, 2 days) / 60) * 60);
        p.stakeBps = bps % 3 == 0 ? 0 : uint16(bound(bps, 100, 5000));
        (p.requirements, p.skills) = _requirements(uint8(variant % 3));
    }

    function _requirements(
        uint8 variant
    ) internal view returns (IKarmaRegistry.KarmaRequirement[] memory reqs, uint16[] memory skills) {
        if (variant == 1) {
            reqs = new IKarmaRegistry.KarmaRequirement[](1);
            reqs[0] = IKarmaRegistry.KarmaRequirement({dimension: domainA, minimum: 0.3e18});
        } else {
            reqs = new IKarmaRegistry.KarmaRequirement[](0);
        }
        if (variant == 2) {
            skills = new uint16[](1);
            skills[0] = skill;
        } else {
            skills = new uint16[](0);
        }
    }

    function _staker(uint256 who) internal view returns (address) {
        uint256 n = _claimants.length + _jurors.length;
        uint256 i = who % n;
        return i < _claimants.length ? _claimants[i] : _jurors[i - _claimants.length];
    }

    function _salt(uint256 caseId, address juror) internal pure returns (bytes32) {
        return keccak256(abi.encode("salt", caseId, juror));
    }

    function _bit(ITaskEscrow.TaskState s) internal pure returns (uint256) {
        return 1 << uint8(s);
    }

    /// @dev The first task, from a random start, whose state is in `mask`; 0 if none.
    function _find(uint256 seed, uint256 mask) internal view returns (uint256) {
        uint256 n = escrow.taskCount();
        if (n == 0) return 0;
        uint256 start = seed % n;
        for (uint256 k; k < n; ++k) {
            uint256 id = ((start + k) % n) + 1;
            if (mask & (1 << lastState[id]) != 0) return id;
        }
        return 0;
    }

    /// @dev A case in `phase` among disputed tasks, from a random start; 0 if none.
    function _findCase(uint256 seed, IJury.Phase phase) internal view returns (uint64) {
        uint256 n = _disputed.length;
        if (n == 0) return 0;
        uint256 start = seed % n;
        for (uint256 k; k < n; ++k) {
            uint64 caseId = escrow.disputeOf(_disputed[(start + k) % n]).caseId;
            if (jury.getCase(caseId).phase == phase) return caseId;
        }
        return 0;
    }

    function _warpTo(uint256 t) internal {
        if (t > block.timestamp) vm.warp(t);
    }

    function _done(bytes32 action, bool success) internal {
        if (success) ++ok[action];
        else ++failed[action];
    }

    /// @dev Records every task's state and counts any move backward or out of a final state.
    function _sync() internal {
        uint256 n = escrow.taskCount();
        for (uint256 id = 1; id <= n; ++id) {
            uint8 s = uint8(escrow.stateOf(id));
            uint8 prev = lastState[id];
            if (s < prev || (prev >= FINAL_FROM && s != prev)) {
                ++stateRegressions;
                regressedTask = id;
            }
            lastState[id] = s;
        }
    }
}
